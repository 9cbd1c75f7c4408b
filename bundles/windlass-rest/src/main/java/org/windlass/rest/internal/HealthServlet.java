package org.windlass.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.windlass.api.MemberIdentity;

/**
 * {@code GET /health}: 200 without login, for load balancers. It answers once the member's
 * identity, realm and API are up (the component waits for them).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("windlass-health")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MemberIdentity identity;

    @Activate
    public HealthServlet(@Reference MemberIdentity identity, @Reference ApiServlet api) {
        this.identity = identity;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("uuid", identity.uuid());
        body.put("name", identity.name());
        body.put("version", identity.version());
        Json.write(resp, 200, body);
    }
}
