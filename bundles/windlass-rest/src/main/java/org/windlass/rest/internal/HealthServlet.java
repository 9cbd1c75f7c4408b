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
 * identity, realm and API are up (the component waits for them). It says the member's execution
 * mode; with {@code ?passiveAs503=true} a passive member, and a fenced one (the cluster counts it
 * dead: it cannot reach the database, or was declared dead), answer 503, so a load balancer skips
 * them. Without it the answer is 200 whenever the member is up.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("windlass-health")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MemberIdentity identity;

    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private transient volatile org.windlass.api.cluster.Membership membership;

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
        int status = 200;
        org.windlass.api.cluster.Membership m = membership;
        if (m != null) {
            boolean passive = m.executionMode() == org.windlass.api.ExecutionMode.PASSIVE;
            String fenced = m.fenced();
            body.put("executionMode", passive ? "passive" : "active");
            boolean asked = "true".equals(req.getParameter("passiveAs503"));
            if (fenced != null) {
                // the cluster counts this member dead until its heartbeat gets through
                body.put("status", "FENCED");
                body.put("reason", fenced);
            }
            if (asked && (passive || fenced != null)) {
                status = 503;
            }
        }
        Json.write(resp, status, body);
    }
}
