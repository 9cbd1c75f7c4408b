package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The S3 log store in the booted distribution, against S3Proxy (an S3-compatible server) started
 * by the test: logs checkpointed while the execution runs and uploaded at its end byte for byte,
 * an outage that loses nothing and is resumed through the API, and logs still readable after the
 * member switches back to the file store.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class S3LogStorageTest extends WindlassTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BUCKET = "windlass-logs";
    private static S3ProxyProcess s3proxy;
    private static boolean ready;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        List<Option> options = baseOptions();
        options.add(systemProperty("windlass.s3proxyJar").value(System.getProperty("windlass.s3proxyJar")));
        return options.toArray(new Option[0]);
    }

    private HttpResponse<byte[]> s3(String method, String path) throws Exception {
        return s3proxy.request(http, method, path);
    }

    private void setEngineLogStore(String name) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.windlass.engine", null);
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        p.put("logStore", name);
        c.update(p);
        await("the engine writes to " + name).atMost(WAIT).until(() ->
                json(api("GET", "/system/logstorage", null, null).body()).get("pluginName").asText().equals(name));
    }

    @Before
    public void setUp() throws Exception {
        if (ready) {
            return;
        }
        s3proxy = new S3ProxyProcess(Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "s3")).start();
        // pax-exam runs @AfterClass after every test method: the server goes when the container does
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s3proxy.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "s3proxy-stop"));
        assertEquals(200, s3("PUT", "/" + BUCKET).statusCode());
        // S3Proxy ignores the credentials here, the SDK needs some: they come from key storage as in production
        for (String k : List.of("access", "secret")) {
            HttpResponse<String> r = api("POST", "/storage/keys/s3/" + k, "it-" + k, "application/x-rundeck-data-password");
            assertEquals(r.body(), 201, r.statusCode());
        }
        org.osgi.service.cm.Configuration c = configAdmin.createFactoryConfiguration("org.windlass.logstore.s3", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("windlass.plugin.name", "s3it");
        p.put("bucket", BUCKET);
        p.put("endpoint", s3proxy.endpoint());
        p.put("pathStyleAccess", "true");
        p.put("accessKeyStoragePath", "keys/s3/access");
        p.put("secretKeyStoragePath", "keys/s3/secret");
        p.put("retryMaxDelay", "2s");
        c.update(p);
        assertEquals(201, api("POST", "/projects", "{\"name\":\"s3logs\"}", JSON).statusCode());
        ready = true;
    }

    private List<String> output(long id) throws Exception {
        List<String> lines = new ArrayList<>();
        json(api("GET", "/execution/" + id + "/output?maxlines=1000", null, null).body()).get("entries")
                .forEach(e -> lines.add(e.get("log").asText()));
        return lines;
    }

    @Test
    public void logsAreCheckpointedUploadedAndNeverLostAcrossAnOutage() throws Exception {
        setEngineLogStore("s3it");
        String job = importJob("s3logs", "yaml", String.join("\n",
                "- name: slow-talker",
                "  multipleExecutions: true",
                "  sequence:",
                "    commands:",
                "    - exec: for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.5; done",
                ""));
        long id = runJob(job, "{}");
        String key = "logs/s3logs/" + id + ".rdlog";
        // while it runs, its pieces are in the bucket
        await("checkpoint pieces while it runs").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> new String(s3("GET", "/" + BUCKET + "?list-type=2&prefix=" + key + ".parts/").body()).contains("<Key>"));
        assertEquals("succeeded", awaitEnd(id, WAIT).get("status").asText());
        await("the final object").atMost(WAIT).until(() -> s3("GET", "/" + BUCKET + "/" + key).statusCode() == 200);
        Path spool = karafData().resolve("windlass/s3/s3it/logs/" + id / 1000 + "/" + id + ".rdlog");
        assertArrayEquals("the object is byte-identical to the spool", Files.readAllBytes(spool), s3("GET", "/" + BUCKET + "/" + key).body());
        await("the pieces are gone").atMost(WAIT).until(() ->
                !new String(s3("GET", "/" + BUCKET + "?list-type=2&prefix=" + key + ".parts/").body()).contains("<Key>"));
        assertTrue(output(id).toString(), output(id).contains("tick 6"));
        JsonNode status = json(api("GET", "/system/logstorage", null, null).body());
        assertTrue(status.toString(), status.get("succeededCount").asLong() >= 1 && status.get("queuedCount").asInt() == 0);

        // the store goes away during an execution: nothing is lost, the upload waits and is resumed
        s3proxy.stop();
        long during;
        try {
            during = runJob(job, "{}");
            assertEquals("succeeded", awaitEnd(during, WAIT).get("status").asText());
            await("the log waits for its upload").atMost(WAIT).until(() -> {
                JsonNode incomplete = json(api("GET", "/system/logstorage/incomplete", null, null).body());
                return incomplete.get("executions").toString().contains("\"id\":" + during);
            });
            await("the failed upload is reported").atMost(WAIT).until(() -> {
                JsonNode st = json(api("GET", "/system/logstorage", null, null).body());
                return st.get("queuedCount").asInt() >= 1 && st.get("lastError").asText().contains("upload of execution " + during);
            });
            assertTrue("readable from the spool meanwhile", output(during).contains("tick 6"));
            SshResult shell = ssh("admin", readInitialPassword(), "windlass:log-storage");
            assertTrue(shell.out(), shell.out().contains("Log store:        s3it") && shell.out().contains("(executions [" + during));
        } finally {
            s3proxy.start();
        }
        HttpResponse<String> resume = api("POST", "/system/logstorage/incomplete/resume", null, null);
        assertEquals(resume.body(), 200, resume.statusCode());
        long d = during;
        await("the backlog is uploaded").atMost(WAIT).until(() ->
                json(api("GET", "/system/logstorage", null, null).body()).get("queuedCount").asInt() == 0);
        Path spool2 = karafData().resolve("windlass/s3/s3it/logs/" + d / 1000 + "/" + d + ".rdlog");
        assertArrayEquals(Files.readAllBytes(spool2), s3("GET", "/" + BUCKET + "/logs/s3logs/" + d + ".rdlog").body());

        // a store configured without a bucket says so in the status API and to a run that would use it
        org.osgi.service.cm.Configuration broken = configAdmin.createFactoryConfiguration("org.windlass.logstore.s3", "?");
        Dictionary<String, Object> bp = new Hashtable<>();
        bp.put("windlass.plugin.name", "broken");
        bp.put("endpoint", s3proxy.endpoint());
        broken.update(bp);
        setEngineLogStore("broken");
        JsonNode bs = json(api("GET", "/system/logstorage", null, null).body());
        assertTrue(bs.toString(), bs.get("lastError").asText().equals("S3 log store 'broken' (org.windlass.logstore.s3): bucket is not set"));
        HttpResponse<String> refused = api("POST", "/job/" + job + "/run", "{}", JSON);
        assertTrue(refused.body(), refused.body().contains("bucket is not set"));
        broken.delete();

        // back to the file store for new executions: the S3 logs are still read, and deleting removes the object
        setEngineLogStore("file");
        assertTrue(output(id).contains("tick 6"));
        assertEquals(204, api("DELETE", "/execution/" + id, null, null).statusCode());
        assertEquals(404, s3("GET", "/" + BUCKET + "/" + key).statusCode());
    }
}
