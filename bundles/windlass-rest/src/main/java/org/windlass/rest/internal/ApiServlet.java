package org.windlass.rest.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.framework.BundleContext;
import org.windlass.api.cluster.Membership;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.MemberIdentity;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.execution.ExecutionConflictException;
import org.windlass.api.execution.ExecutionNotFoundException;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.execution.RunException;
import org.windlass.api.job.JobService;
import org.windlass.api.job.SchedulerService;
import org.windlass.api.nodes.NodeService;
import org.windlass.api.nodes.ResourceFormats;
import org.windlass.api.project.ProjectExistsException;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.api.storage.KeyExistsException;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.SecretAccessException;
import org.windlass.api.storage.KeyStorage;
import org.windlass.api.security.AccessDeniedException;
import org.windlass.api.security.ApiToken;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.CreatedToken;

/**
 * The REST API under {@code /api/{v}/}, with Rundeck's paths and JSON shapes. Every request has
 * passed {@link ApiAuthFilter}. Versions 14 to 48 are answered the same way.
 */
@Component(service = {Servlet.class, ApiServlet.class})
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("windlass-api")
@HttpWhiteboardServletMultipart(enabled = true, maxFileSize = JobRoutes.IMPORT_LIMIT, maxRequestSize = JobRoutes.IMPORT_LIMIT + 65536L)
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient MemberIdentity identity;
    private final transient ApiTokenService tokens;
    private final transient BundleContext context;
    /** Optional and dynamic: the API answers (503 for projects) while the database is away. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProjectService projects;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile KeyStorage keys;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile NodeService nodeService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ResourceFormats resourceFormats;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile JobService jobs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExecutionService executions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SchedulerService scheduler;

    private transient volatile Membership membership;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile org.windlass.api.security.AclService acl;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile org.windlass.api.security.UserService users;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMembership(Membership m) {
        this.membership = m;
        ProjectRoutes.publicUrl = m.publicUrl();
    }

    void unbindMembership(Membership m) {
        if (this.membership == m) {
            this.membership = null;
            ProjectRoutes.publicUrl = null;
        }
    }

    @Activate
    public ApiServlet(BundleContext context, @Reference MemberIdentity identity, @Reference ApiTokenService tokens) {
        this.context = context;
        this.identity = identity;
        this.tokens = tokens;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String full = "/api" + path;
        int version = ApiVersions.MAX;
        try {
            String[] parts = path.replaceAll("^/+", "").split("/", -1);
            if (parts.length < 2 || parts[0].isEmpty()) {
                throw ApiException.notFound("no API endpoint at " + full + ": paths are /api/{version}/...");
            }
            version = ApiVersions.parse(parts[0], full);
            List<String> rest = new ArrayList<>(List.of(parts).subList(1, parts.length));
            while (!rest.isEmpty() && rest.get(rest.size() - 1).isEmpty()) {
                rest.remove(rest.size() - 1);
            }
            AuthenticatedUser user = (AuthenticatedUser) req.getAttribute(RequestAuth.REQUEST_USER);
            if (user == null) {
                throw new ApiException(401, "api.error.unauthenticated", "authentication required");
            }
            Guard guard = new Guard(acl, user);
            req.setAttribute(Guard.ATTRIBUTE, guard);
            authorize(req, rest, guard);
            route(req, resp, version, rest, user, full);
        } catch (ApiException e) {
            Json.error(resp, e.status(), e.errorCode(), e.getMessage(), version);
        } catch (StorageUnavailableException e) {
            Json.error(resp, 503, "api.error.storage.unavailable", e.getMessage(), version);
        } catch (ProjectNotFoundException e) {
            Json.error(resp, 404, "api.error.item.doesnotexist", "Project does not exist: " + e.getMessage().replace("project does not exist: ", ""), version);
        } catch (ExecutionNotFoundException | java.util.NoSuchElementException e) {
            Json.error(resp, 404, "api.error.item.doesnotexist", e.getMessage(), version);
        } catch (ExecutionConflictException e) {
            Json.error(resp, 409, "api.error.execution.conflict", e.getMessage(), version);
        } catch (RunException e) {
            Json.error(resp, 400, e.code(), e.getMessage(), version);
        } catch (KeyNotFoundException e) {
            Json.error(resp, 404, "api.error.item.doesnotexist", e.getMessage(), version);
        } catch (ProjectExistsException | KeyExistsException e) {
            Json.error(resp, 409, "api.error.item.alreadyexists", e.getMessage(), version);
        } catch (AccessDeniedException | SecretAccessException e) {
            Json.error(resp, 403, "api.error.item.unauthorized", e.getMessage(), version);
        } catch (IllegalArgumentException e) {
            Json.error(resp, 400, "api.error.invalid.request", e.getMessage(), version);
        } catch (RuntimeException e) {
            LOG.error("API request {} {} failed", req.getMethod(), full, e);
            Json.error(resp, 500, "api.error.unknown", "internal error while handling " + full + ": " + e.getMessage(), version);
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p,
                       AuthenticatedUser user, String full) throws IOException {
        String method = req.getMethod();
        String head = p.isEmpty() ? "" : p.get(0);
        switch (head) {
            case "system" -> {
                if (p.size() == 2 && p.get(1).equals("info")) {
                    requireMethod(method, "GET", full);
                    Json.write(resp, 200, systemInfo(version));
                    return;
                }
                if (p.size() >= 2 && p.get(1).equals("logstorage")) {
                    logStorage(req, resp, version, p, full);
                    return;
                }
                if (p.size() >= 2 && p.get(1).equals("users")) {
                    UserRoutes.users(req, resp, p.subList(2, p.size()), users, full);
                    return;
                }
                if (p.size() >= 2 && p.get(1).equals("groups")) {
                    UserRoutes.groups(req, resp, p.subList(2, p.size()), users, full);
                    return;
                }
                if (p.size() >= 2 && p.get(1).equals("acl")) {
                    AclRoutes.handle(req, resp, version, null, p.subList(2, p.size()), acl, full);
                    return;
                }
                if (p.size() == 3 && p.get(1).equals("executions")) {
                    ClusterRoutes.executionMode(req, resp, p.get(2), membership, user, identity.uuid(), full);
                    return;
                }
            }
            case "tokens" -> {
                if (p.size() <= 2) {
                    String forUser = p.size() == 2 ? p.get(1) : null;
                    if (method.equals("GET")) {
                        listTokens(resp, user, forUser);
                        return;
                    }
                    if (method.equals("POST")) {
                        createToken(req, resp, user, forUser);
                        return;
                    }
                    throw ApiException.methodNotAllowed(method, full);
                }
            }
            case "storage" -> {
                KeyRoutes.handle(req, resp, version, p, keys, full);
                return;
            }
            case "projects", "project" -> {
                if (head.equals("project") && p.size() >= 3 && p.get(2).equals("acl")) {
                    if (projects != null && projects.get(p.get(1)).isEmpty()) {
                        throw new ProjectNotFoundException(p.get(1));
                    }
                    AclRoutes.handle(req, resp, version, p.get(1), p.subList(3, p.size()), acl, full);
                    return;
                }
                if (head.equals("project") && p.size() >= 3 && p.get(2).equals("jobs")) {
                    JobRoutes.project(req, resp, version, p, jobs, user, full);
                    return;
                }
                if (head.equals("project") && p.size() >= 3 && (p.get(2).equals("executions") || p.get(2).equals("run"))) {
                    ExecutionRoutes.project(req, resp, version, p, executions, user, full);
                    return;
                }
                if (head.equals("project") && p.size() >= 3 && List.of("resources", "resource", "sources", "source").contains(p.get(2))) {
                    NodeRoutes.handle(req, resp, p, nodeService, resourceFormats, full);
                    return;
                }
                ProjectRoutes.handle(req, resp, version, p, projects, full);
                return;
            }
            case "job" -> {
                JobRoutes.job(req, resp, version, p, jobs, executions, user, full);
                return;
            }
            case "cluster" -> {
                ClusterRoutes.members(req, resp, p, membership, user, identity.uuid(), full);
                return;
            }
            case "enterprise" -> {
                if (p.size() == 4 && p.get(1).equals("cluster") && p.get(2).equals("executions")) {
                    ClusterRoutes.executionMode(req, resp, p.get(3), membership, user, identity.uuid(), full);
                    return;
                }
            }
            case "scheduler" -> {
                if (p.size() == 2 && p.get(1).equals("takeover")) {
                    ClusterRoutes.takeover(req, resp, version, membership, user, identity.uuid(), full);
                    return;
                }
                SchedulerRoutes.handle(req, resp, version, p, scheduler, identity.uuid(), full);
                return;
            }
            case "executions" -> {
                if (p.size() == 2 && p.get(1).equals("delete")) {
                    ExecutionRoutes.bulkDelete(req, resp, executions, full);
                    return;
                }
            }
            case "execution" -> {
                ExecutionRoutes.execution(req, resp, version, p, executions, user, full);
                return;
            }
            case "token" -> {
                if (p.size() == 2) {
                    ApiToken token = tokens.get(p.get(1)).orElseThrow(() -> ApiException.notFound("Token does not exist: " + p.get(1)));
                    if (!user.isAdmin() && !token.user().equals(user.name())) {
                        // do not reveal other users' token ids
                        throw ApiException.notFound("Token does not exist: " + p.get(1));
                    }
                    if (method.equals("GET")) {
                        Json.write(resp, 200, tokenJson(token, null));
                        return;
                    }
                    if (method.equals("DELETE")) {
                        tokens.revoke(token.id());
                        resp.setStatus(204);
                        return;
                    }
                    throw ApiException.methodNotAllowed(method, full);
                }
            }
            default -> {
                // falls through to not found
            }
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    /**
     * Checks the request against the access control policies before any route acts: the action
     * each endpoint performs on which resource, as Rundeck's authorization names them. Lists are
     * filtered by their routes; the ACL API checks itself.
     */
    private void authorize(HttpServletRequest req, List<String> p, Guard g) {
        String method = req.getMethod();
        String head = p.isEmpty() ? "" : p.get(0);
        String sub = p.size() > 1 ? p.get(1) : "";
        switch (head) {
            case "system" -> {
                switch (sub) {
                    case "info" -> g.requireSystem("read");
                    case "logstorage" -> g.requireSystem(method.equals("GET") ? "read" : "admin");
                    case "executions" -> g.requireSystem(modeAction(p.size() > 2 ? p.get(2) : ""));
                    default -> {
                        // acl: checked by AclRoutes; anything else is not found
                    }
                }
            }
            case "enterprise" -> g.requireSystem(modeAction(p.size() > 3 ? p.get(3) : ""));
            case "cluster" -> g.requireSystem("read");
            case "scheduler" -> g.requireSystem(sub.equals("takeover") ? "admin" : "read");
            case "storage" -> g.require(null, "storage", Guard.storage(String.join("/", p.subList(1, p.size()))), switch (method) {
                case "POST" -> "create";
                case "PUT" -> "update";
                case "DELETE" -> "delete";
                default -> "read";
            });
            case "projects" -> {
                if (method.equals("POST")) {
                    g.require(null, "resource", Guard.kind("project"), "create");
                }
            }
            case "project" -> {
                if (p.size() >= 2) {
                    authorizeProject(method, p, g);
                }
            }
            case "job" -> {
                if (p.size() >= 2 && jobs != null) {
                    jobs.get(p.get(1)).ifPresent(j -> g.require(j.project(), "job", Guard.job(j), jobAction(method, p)));
                }
            }
            case "execution" -> {
                if (p.size() >= 2 && executions != null && p.get(1).matches("\\d{1,18}")) {
                    executions.get(Long.parseLong(p.get(1))).ifPresent(e -> {
                        if (p.size() == 2 && method.equals("DELETE")) {
                            g.require(null, "project", Guard.project(e.project()), "delete_execution");
                        } else {
                            String action = p.size() >= 3 && p.get(2).equals("abort") ? "kill" : "read";
                            if (e.jobId() != null) {
                                g.require(e.project(), "job", Guard.job(e.jobId(), e.jobName(), e.jobGroup()), action);
                            } else {
                                g.require(e.project(), "adhoc", Map.of(), action);
                            }
                        }
                    });
                }
            }
            case "tokens" -> {
                if (method.equals("POST")) {
                    String forUser = p.size() == 2 ? p.get(1) : g.user().name();
                    g.require(null, "apitoken", Map.of("username", forUser), "generate");
                }
            }
            default -> {
                // token/{id}: its owner or an admin (checked by the route); executions/delete: per execution
            }
        }
    }

    private static String modeAction(String what) {
        return switch (what) {
            case "enable" -> "enable_executions";
            case "disable" -> "disable_executions";
            default -> "read";
        };
    }

    private static String jobAction(String method, List<String> p) {
        if (p.size() == 2) {
            return method.equals("DELETE") ? "delete" : "read";
        }
        String sub = p.get(2);
        if (sub.equals("run") || sub.equals("retry") || (sub.equals("executions") && method.equals("POST"))) {
            return "run";
        }
        if (p.size() == 4 && (p.get(3).equals("enable") || p.get(3).equals("disable"))) {
            return sub.equals("schedule") ? "toggle_schedule" : "toggle_execution";
        }
        return "read";
    }

    private void authorizeProject(String method, List<String> p, Guard g) {
        String name = p.get(1);
        Map<String, Object> project = Guard.project(name);
        if (p.size() == 2) {
            g.require(null, "project", project, method.equals("DELETE") ? "delete" : method.equals("GET") ? "read" : "configure");
            return;
        }
        String sub = p.get(2);
        switch (sub) {
            case "config" -> g.require(null, "project", project, "configure");
            case "jobs" -> {
                if (p.size() == 4 && p.get(3).equals("import")) {
                    g.require(name, "resource", Guard.kind("job"), "create");
                } else if (p.size() == 4 && p.get(3).equals("export")) {
                    g.require(null, "project", project, "export");
                } else {
                    g.require(null, "project", project, "read");
                }
            }
            case "executions" -> g.require(name, "resource", Guard.kind("event"), "read");
            case "run" -> g.require(name, "adhoc", Map.of(), "run");
            case "resources", "resource", "sources" -> g.require(name, "resource", Guard.kind("node"), "read");
            case "source" -> g.require(name, "resource", Guard.kind("node"), method.equals("POST") ? "update" : "read");
            case "acl" -> {
                // checked by AclRoutes
            }
            default -> g.require(null, "project", project, ProjectService.FILE_NAMES.contains(sub) && method.equals("GET") ? "read" : "configure");
        }
    }

    private void listTokens(HttpServletResponse resp, AuthenticatedUser user, String forUser) throws IOException {
        String scope = forUser;
        if (!user.isAdmin()) {
            if (forUser != null && !forUser.equals(user.name())) {
                throw new AccessDeniedException("user '" + user.name() + "' may not list the tokens of user '" + forUser + "'");
            }
            scope = user.name();
        }
        List<Object> out = new ArrayList<>();
        for (ApiToken t : tokens.list(scope)) {
            out.add(tokenJson(t, null));
        }
        Json.write(resp, 200, out);
    }

    private void createToken(HttpServletRequest req, HttpServletResponse resp, AuthenticatedUser user, String pathUser) throws IOException {
        JsonNode body = Json.read(RequestBodies.read(req));
        String forUser = pathUser != null ? pathUser : text(body, "user");
        Set<String> roles = new LinkedHashSet<>();
        JsonNode rolesNode = body.get("roles");
        if (rolesNode != null && rolesNode.isArray()) {
            rolesNode.forEach(r -> roles.add(r.asText()));
        } else if (rolesNode != null && rolesNode.isTextual()) {
            for (String r : rolesNode.asText().split(",")) {
                roles.add(r.strip());
            }
        } else if (rolesNode != null && !rolesNode.isNull()) {
            throw ApiException.badRequest("roles must be a list or a comma-separated string");
        }
        String durationText = text(body, "duration");
        Duration duration = durationText == null ? null : org.windlass.api.security.ApiTokenService.parseDuration(durationText);
        CreatedToken created = tokens.create(user, forUser, roles, duration, text(body, "name"));
        LOG.info("API token {} created for user '{}' by '{}'", created.token().id(), created.token().user(), user.name());
        Json.write(resp, 201, tokenJson(created.token(), created.secret()));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    static Map<String, Object> tokenJson(ApiToken t, String secret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", t.user());
        if (secret != null) {
            m.put("token", secret);
        }
        m.put("id", t.id());
        m.put("creator", t.creator());
        m.put("expiration", t.expiration() == null ? null : t.expiration().toString());
        m.put("roles", List.copyOf(t.roles()));
        m.put("expired", t.isExpired(Instant.now()));
        m.put("name", t.name());
        return m;
    }

    private Map<String, Object> systemInfo(int version) {
        Instant now = Instant.now();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        Runtime rt = Runtime.getRuntime();

        Map<String, Object> rundeck = new LinkedHashMap<>();
        rundeck.put("version", identity.version());
        rundeck.put("build", identity.version());
        rundeck.put("buildGit", null);
        rundeck.put("node", identity.name());
        rundeck.put("base", context.getProperty("karaf.base"));
        rundeck.put("apiversion", ApiVersions.MAX);
        rundeck.put("serverUUID", identity.uuid());

        Membership m = membership;
        boolean active = m == null || m.executionMode() == org.windlass.api.ExecutionMode.ACTIVE;
        Map<String, Object> executions = new LinkedHashMap<>();
        executions.put("active", active);
        executions.put("executionMode", active ? "active" : "passive");
        ExecutionService es = this.executions;
        if (es != null) {
            ExecutionService.Load l = es.load();
            executions.put("running", l.running());
            executions.put("capacity", l.capacity());
        }

        Map<String, Object> osInfo = new LinkedHashMap<>();
        osInfo.put("arch", os.getArch());
        osInfo.put("name", os.getName());
        osInfo.put("version", os.getVersion());

        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("name", runtime.getVmName());
        jvm.put("vendor", runtime.getVmVendor());
        jvm.put("version", runtime.getSpecVersion());
        jvm.put("implementationVersion", runtime.getVmVersion());

        Map<String, Object> uptime = new LinkedHashMap<>();
        uptime.put("duration", runtime.getUptime());
        uptime.put("unit", "ms");
        uptime.put("since", timestamp(Instant.ofEpochMilli(runtime.getStartTime())));

        Map<String, Object> load = new LinkedHashMap<>();
        load.put("unit", "percent");
        load.put("average", Math.max(0, os.getSystemLoadAverage()));
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("loadAverage", load);
        cpu.put("processors", os.getAvailableProcessors());

        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("unit", "byte");
        memory.put("max", rt.maxMemory());
        memory.put("free", rt.freeMemory());
        memory.put("total", rt.totalMemory());

        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("active", ManagementFactory.getThreadMXBean().getThreadCount());

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("uptime", uptime);
        stats.put("cpu", cpu);
        stats.put("memory", memory);
        stats.put("threads", threads);

        Map<String, Object> system = new LinkedHashMap<>();
        system.put("timestamp", timestamp(now));
        system.put("rundeck", rundeck);
        system.put("executions", executions);
        system.put("os", osInfo);
        system.put("jvm", jvm);
        system.put("stats", stats);
        system.put("healthcheck", Map.of("href", "/health", "contentType", "application/json"));
        if (m != null) {
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("publicUrl", m.publicUrl());
            cluster.put("fenced", m.fenced());
            try {
                m.member(identity.uuid()).ifPresent(self -> cluster.put("self", ClusterRoutes.memberJson(self, identity.uuid())));
            } catch (StorageUnavailableException e) {
                cluster.put("self", null); // the database is away: the rest of the document still answers
            }
            system.put("cluster", cluster);
        }
        return Map.of("system", system);
    }

    private static Map<String, Object> timestamp(Instant t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", t.toEpochMilli());
        m.put("unit", "ms");
        m.put("datetime", t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return m;
    }

    /** Rundeck's /system/logstorage, /incomplete and /incomplete/resume. */
    private void logStorage(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p, String full)
            throws IOException {
        ExecutionService e = executions;
        if (e == null) {
            throw ApiException.unavailable("the execution engine");
        }
        String method = req.getMethod();
        ExecutionService.LogStorage ls = e.logStorage();
        org.windlass.api.spi.LogStore.Status st = ls.status();
        if (p.size() == 2) {
            requireMethod(method, "GET", full);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", true);
            m.put("pluginName", ls.store());
            m.put("succeededCount", st.uploaded());
            m.put("failedCount", st.failures());
            m.put("queuedCount", st.pending().size());
            m.put("incompleteCount", st.pending().size());
            m.put("missingCount", 0);
            m.put("totalCount", st.uploaded() + st.pending().size());
            m.put("lastError", st.lastError());
            Json.write(resp, 200, m);
            return;
        }
        if (p.size() == 3 && p.get(2).equals("incomplete")) {
            requireMethod(method, "GET", full);
            List<Map<String, Object>> list = new ArrayList<>();
            for (long id : st.pending()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("href", ProjectRoutes.baseUrl(req) + "/api/" + version + "/execution/" + id);
                m.put("storage", Map.of("localFilesPresent", true, "incompleteFiletypes", "rdlog", "queued", true,
                        "failed", st.lastError() != null, "errors", st.lastError() == null ? List.of() : List.of(st.lastError())));
                list.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", list.size());
            out.put("max", list.size());
            out.put("offset", 0);
            out.put("executions", list);
            Json.write(resp, 200, out);
            return;
        }
        if (p.size() == 4 && p.get(2).equals("incomplete") && p.get(3).equals("resume")) {
            requireMethod(method, "POST", full);
            Json.write(resp, 200, Map.of("resumed", true, "count", e.resumeLogStorage()));
            return;
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    private static void requireMethod(String method, String expected, String full) {
        if (!method.equals(expected)) {
            throw ApiException.methodNotAllowed(method, full);
        }
    }

}
