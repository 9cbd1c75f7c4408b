package org.windlass.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.Authenticator;

/**
 * Session login as Rundeck does it: {@code POST /j_security_check} with {@code j_username} and
 * {@code j_password} (what the rd CLI and browsers send), {@code /user/login} for the form,
 * {@code /user/error} after a failure, {@code /user/logout}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/j_security_check", "/user/login", "/user/error", "/user/logout"})
@HttpWhiteboardServletName("windlass-login")
public class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);

    private final transient Authenticator authenticator;

    @Activate
    public LoginServlet(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/j_security_check".equals(req.getServletPath())) {
            doGet(req, resp);
            return;
        }
        String user = req.getParameter("j_username");
        String password = req.getParameter("j_password");
        Optional<AuthenticatedUser> result;
        try {
            result = user == null || password == null
                    ? Optional.empty() : authenticator.login(user, password.toCharArray(), req.getRemoteAddr());
        } catch (org.windlass.api.security.LoginThrottledException e) {
            resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            resp.sendError(429, e.getMessage());
            return;
        }
        if (result.isEmpty()) {
            LOG.info("Form login failed for user '{}' from {}", user, req.getRemoteAddr());
            resp.sendRedirect(req.getContextPath() + "/user/error");
            return;
        }
        HttpSession old = req.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = req.getSession(true);
        session.setAttribute(RequestAuth.SESSION_USER, new AuthenticatedUser(result.get().name(), result.get().roles(), "session"));
        resp.sendRedirect(req.getContextPath() + "/api/" + ApiVersions.MAX + "/system/info");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (req.getServletPath()) {
            case "/user/logout" -> {
                HttpSession session = req.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                resp.sendRedirect(req.getContextPath() + "/user/login");
            }
            case "/user/error" -> page(resp, 401, "Wrong user name or password.");
            case "/j_security_check" -> resp.sendError(405, "POST j_username and j_password");
            default -> page(resp, 200, null);
        }
    }

    private static void page(HttpServletResponse resp, int status, String error) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        String html = "<!DOCTYPE html><html><head><title>Windlass login</title></head><body>"
                + "<h1>Windlass</h1>"
                + (error == null ? "" : "<p role=\"alert\">" + error + "</p>")
                + "<form method=\"post\" action=\"/j_security_check\">"
                + "<label>User <input name=\"j_username\" autocomplete=\"username\"></label> "
                + "<label>Password <input name=\"j_password\" type=\"password\" autocomplete=\"current-password\"></label> "
                + "<button type=\"submit\">Log in</button></form>"
                + "<p>The first start writes the admin password to data/windlass/initial-admin-password.</p>"
                + "</body></html>";
        resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
