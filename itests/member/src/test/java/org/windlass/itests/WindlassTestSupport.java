package org.windlass.itests;

import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.osgi.framework.BundleContext;

/**
 * Boots the real Windlass distribution (the tar.gz the build just made) with pax-exam, on free
 * ports, and offers HTTP and SSH clients that talk to it over TCP like an operator's would. The
 * test methods run inside the member; pax-exam waits for the framework and the injected services,
 * never a fixed time.
 */
public abstract class WindlassTestSupport {

    protected static final String JSON = "application/json";

    /** Free ports, chosen once per test class run (the container is booted once per class). */
    static final int HTTP_PORT = freePort();
    static final int SSH_PORT = freePort();
    static final int RMI_REGISTRY_PORT = freePort();
    static final int RMI_SERVER_PORT = freePort();

    @Inject
    protected BundleContext bundleContext;

    /** Injected only once every boot feature is installed. */
    @Inject
    protected BootFinished bootFinished;

    protected final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * A port that is free now, taken below Linux's ephemeral range (32768 and up), so that no
     * outgoing connection or port-0 listener (Karaf's shutdown port, pax-exam's RMI) can take it
     * before the server it is meant for binds it.
     */
    static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20000, 32000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    /** The options every Windlass member test boots with; subclasses add theirs. */
    protected static List<Option> baseOptions() {
        String distribution = required("windlass.distribution");
        String karafVersion = required("windlass.karafVersion");
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distribution).toURI().toString())
                        .karafVersion(karafVersion)
                        .name("Windlass")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().startRemoteShell(),
                logLevel(LogLevelOption.LogLevel.INFO),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(HTTP_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(SSH_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(RMI_REGISTRY_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(RMI_SERVER_PORT)),
                // pax-exam installs its own probe bundles from the build's local repository
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultLocalRepoAsRemote", "true"),
                // started early (start level 20), so that the test probe never looks them up before they resolve
                mavenBundle("org.hamcrest", "hamcrest", required("windlass.hamcrestVersion")).startLevel(20),
                mavenBundle("org.awaitility", "awaitility", required("windlass.awaitilityVersion")).startLevel(20),
                systemProperty("windlass.samplePlugin").value(required("windlass.samplePlugin")),
                systemProperty("windlass.itest.httpPort").value(Integer.toString(HTTP_PORT)),
                systemProperty("windlass.itest.sshPort").value(Integer.toString(SSH_PORT))));
        if (Boolean.getBoolean("windlass.itest.keep")) {
            options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
        }
        // what bin/karaf passes to Java 17 (karaf-stack.md pitfall 6)
        for (String opt : new String[] {
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
            "-classpath", "lib/jdk9plus/*:lib/boot/*",
            "-XX:+UseSerialGC", "-Xmx512m"}) {
            options.add(vmOption(opt));
        }
        return options;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests through Maven)");
        }
        return value;
    }

    // ---- inside the container ----

    protected static String base() {
        return "http://127.0.0.1:" + System.getProperty("windlass.itest.httpPort");
    }

    protected static int sshPort() {
        return Integer.parseInt(System.getProperty("windlass.itest.sshPort"));
    }

    protected static Path karafData() {
        return Path.of(System.getProperty("karaf.data"));
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the cluster database is migrated and its services answer (the member boots without waiting for it). */
    protected void awaitStorage(String authorization) {
        org.awaitility.Awaitility.await("storage ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/48/projects", "Authorization", authorization).statusCode() == 200);
    }

    // ---- the REST API with an admin token (one per container) ----

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    private static String adminToken;

    /** An admin API token, made once per container with the generated admin password. */
    protected String token() throws Exception {
        if (adminToken == null) {
            String basic = basic("admin", readInitialPassword());
            awaitStorage(basic);
            HttpResponse<String> t = send("POST", "/api/48/tokens", "{\"user\":\"admin\",\"roles\":[\"admin\"]}",
                    "Authorization", basic, "Content-Type", JSON);
            if (t.statusCode() != 201) {
                throw new IllegalStateException("cannot make an API token: " + t.statusCode() + " " + t.body());
            }
            adminToken = json(t.body()).get("token").asText();
        }
        return adminToken;
    }

    /** A request to /api/48 with the admin token, answers in JSON; {@code contentType} null for none. */
    protected HttpResponse<String> api(String method, String path, String body, String contentType) throws Exception {
        return contentType == null
                ? send(method, "/api/48" + path, body, "X-Rundeck-Auth-Token", token(), "Accept", JSON)
                : send(method, "/api/48" + path, body, "X-Rundeck-Auth-Token", token(), "Accept", JSON, "Content-Type", contentType);
    }

    protected static com.fasterxml.jackson.databind.JsonNode json(String body) throws IOException {
        return JSON_MAPPER.readTree(body);
    }

    /** Imports a job document (updating a job of the same name) and returns the first job's UUID. */
    protected String importJob(String project, String format, String document) throws Exception {
        HttpResponse<String> r = api("POST", "/project/" + project + "/jobs/import?fileformat=" + format + "&dupeOption=update",
                document, "application/" + format);
        org.junit.Assert.assertEquals(r.body(), 200, r.statusCode());
        com.fasterxml.jackson.databind.JsonNode result = json(r.body());
        org.junit.Assert.assertEquals(r.body(), 0, result.get("failed").size());
        return result.get("succeeded").get(0).get("id").asText();
    }

    /** Runs a job with a JSON body and returns the execution's id. */
    protected long runJob(String jobId, String body) throws Exception {
        HttpResponse<String> r = api("POST", "/job/" + jobId + "/run", body, JSON);
        org.junit.Assert.assertEquals(r.body(), 200, r.statusCode());
        return json(r.body()).get("id").asLong();
    }

    /** Waits until the execution is no longer running (nor queued, nor scheduled) and returns it. */
    protected com.fasterxml.jackson.databind.JsonNode awaitEnd(long id, Duration wait) {
        com.fasterxml.jackson.databind.JsonNode[] last = new com.fasterxml.jackson.databind.JsonNode[1];
        org.awaitility.Awaitility.await("execution " + id + " ends").atMost(wait).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = json(api("GET", "/execution/" + id, null, null).body());
            String status = last[0].get("status").asText();
            return !status.equals("running") && !status.equals("queued") && !status.equals("scheduled");
        });
        return last[0];
    }

    /** The result of a command run over SSH. */
    protected record SshResult(int exitStatus, String out, String err) {
    }

    /**
     * Logs in to the member's SSH shell with a password and runs one command.
     *
     * @throws IOException when the login is refused (the message says so)
     */
    protected SshResult ssh(String user, String password, String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect(user, "127.0.0.1", sshPort()).verify(Duration.ofSeconds(15)).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(Duration.ofSeconds(15));
            try (ChannelExec channel = session.createExecChannel(command)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(Duration.ofSeconds(15));
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(60));
                Integer status = channel.getExitStatus();
                return new SshResult(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            }
        } finally {
            client.stop();
        }
    }

    protected static String readInitialPassword() throws IOException {
        return Files.readString(karafData().resolve("windlass/initial-admin-password")).strip();
    }

}
