package org.windlass.rest.internal;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.Authenticator;

/** Guards every {@code /api/*} request: no user, no API (401 with Rundeck's error JSON). */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/api/*")
@HttpWhiteboardFilterName("windlass-api-auth")
public class ApiAuthFilter implements Filter {

    private final Authenticator authenticator;
    private final ApiTokenService tokens;

    @Activate
    public ApiAuthFilter(@Reference Authenticator authenticator, @Reference ApiTokenService tokens) {
        this.authenticator = authenticator;
        this.tokens = tokens;
    }

    @Override
    public void init(javax.servlet.FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        RequestAuth.Result result;
        try {
            result = RequestAuth.authenticate(request, authenticator, tokens);
        } catch (StorageUnavailableException e) {
            Json.error(response, 503, "api.error.storage.unavailable", "cannot check the API token: " + e.getMessage(), ApiVersions.MAX);
            return;
        } catch (org.windlass.api.security.LoginThrottledException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            Json.error(response, 429, "api.error.login.throttled", e.getMessage(), ApiVersions.MAX);
            return;
        }
        if (result.user() == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + Authenticator.REALM + "\"");
            Json.error(response, 401, "api.error.unauthenticated", result.failure(), ApiVersions.MAX);
            return;
        }
        request.setAttribute(RequestAuth.REQUEST_USER, result.user());
        chain.doFilter(req, res);
    }
}
