package org.windlass.engine.internal.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.windlass.api.LogLevel;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobDefinition.Dispatch;
import org.windlass.api.job.JobDefinition.NodeFilters;
import org.windlass.api.job.JobDefinition.Retry;
import org.windlass.api.job.JobDefinition.Schedule;
import org.windlass.api.job.JobDefinition.Sequence;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobOption;
import org.windlass.api.job.JobStep;
import org.windlass.api.job.JobStep.JobRef;
import org.windlass.api.job.JobStep.Kind;

/** Jobs and helpers shared by the codec tests. */
final class TestJobs {

    private TestJobs() {
    }

    static JobCodec.Parsed read(JobFormat format, String document) {
        return JobCodec.read(format, new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
    }

    static JobCodec.Parsed readResource(JobFormat format, String name) {
        InputStream in = TestJobs.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("no test resource " + name);
        }
        return JobCodec.read(format, in);
    }

    static String write(List<JobDefinition> jobs, JobFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobCodec.write(jobs, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<JobDefinition> roundTrip(List<JobDefinition> jobs, JobFormat format) {
        JobCodec.Parsed parsed = read(format, write(jobs, format));
        return parsed.jobs();
    }

    static JobStep step(Kind kind, String text) {
        return new JobStep(kind, null, kind == Kind.EXEC ? text : null, kind == Kind.SCRIPT ? text : null,
                kind == Kind.SCRIPT_FILE ? text : null, kind == Kind.SCRIPT_URL ? text : null, null, null, false,
                null, null, kind == Kind.PLUGIN ? text : null, kind != Kind.PLUGIN, Map.of(), null, false, Map.of());
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A job using every typed field, every kind of option and step, handlers and extra fields. */
    static JobDefinition rich() {
        List<JobOption> options = new ArrayList<>();
        options.add(JobOption.simple("plain", "default value"));
        options.add(new JobOption("env", "Environment", "Where to deploy\n\n* rendered as markdown", "staging",
                List.of("dev", "staging", "prod"), null, true, true, null, false, null, false, false, false, null,
                false, null, map("sortIndex", 2, "hidden", false)));
        options.add(new JobOption("hosts", null, null, "a,b", List.of("a", "b", "c"), null, false, true, "[a-c]",
                true, ",", true, false, false, null, false, null, Map.of()));
        options.add(new JobOption("password", null, "the db password", null, List.of(), null, true, false, null,
                false, null, false, true, true, "keys/db/pass", false, null, Map.of()));
        options.add(new JobOption("when", "Date", null, null, List.of(), "http://values.example.com/list", false,
                false, null, false, null, false, false, false, null, true, "YYYY-MM-DD", Map.of()));
        options.add(new JobOption("port", null, null, "${option.default}", List.of("8,0", "8|1"), null, false,
                false, "\\d+", false, null, false, false, false, null, false, null, Map.of("optionType", "text")));

        JobStep handler = new JobStep(Kind.EXEC, "recover", "echo failed ${option.env}", null, null, null, null,
                null, false, null, null, null, true, Map.of(), null, true, Map.of());
        JobStep exec = new JobStep(Kind.EXEC, "say hello", "echo 'hello' \"${option.env}\" < /dev/null", null, null,
                null, null, null, false, null, null, null, true, Map.of(), handler, false, Map.of());
        JobRef handlerRef = new JobRef(null, null, "0f9e8d7c-6b5a-4948-8372-615f4e3d2c1b", null, null, false, null,
                null, false, false, false, false, false);
        JobStep refHandler = new JobStep(Kind.JOB_REF, null, null, null, null, null, null, null, false, null,
                handlerRef, null, false, Map.of(), null, false, Map.of());
        JobStep script = new JobStep(Kind.SCRIPT, "a script", null,
                "#!/bin/bash\nset -e\n  echo \"indented\"  \necho done\n", null, null, "-a 1 -b '2'", "bash -x",
                true, ".sh", null, null, true, Map.of(), refHandler, false, map("plugins",
                        map("LogFilter", List.of(map("type", "mask-passwords", "config", map("color", "red"))))));
        JobStep scriptfile = new JobStep(Kind.SCRIPT_FILE, null, null, null, "/opt/scripts/deploy.sh", null,
                "${option.env}", "sudo -u deploy", false, null, null, null, true, Map.of(), null, false, Map.of());
        JobStep scripturl = new JobStep(Kind.SCRIPT_URL, null, null, null, null, "https://example.com/s.ps1", null,
                "powershell", false, ".ps1", null, null, false, Map.of(), null, false, Map.of());
        JobRef ref = new JobRef("child job", "ops/sub", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "other",
                "-env ${option.env} -n 'two words'", true, "tags: web !name: web-3",
                new Dispatch("${option.threads}", true, false, "rank", "descending"), true, true, true, true, true);
        JobStep jobref = new JobStep(Kind.JOB_REF, "call the child", null, null, null, null, null, null, false,
                null, ref, null, true, Map.of(), null, false, Map.of());
        JobRef plainRef = new JobRef("sibling", null, null, null, null, false, null, null, false, false, false,
                false, false);
        JobStep jobref2 = new JobStep(Kind.JOB_REF, null, null, null, null, null, null, null, false, null, plainRef,
                null, false, Map.of(), null, false, Map.of());
        JobStep nodePlugin = new JobStep(Kind.PLUGIN, "copy", null, null, null, null, null, null, false, null, null,
                "copyfile", true, map("sourcePath", "/tmp/a", "destinationPath", "/tmp/b", "echo", "true"),
                new JobStep(Kind.PLUGIN, null, null, null, null, null, null, null, false, null, null, "localexec",
                        true, map("command", "rm -f /tmp/b"), null, true, Map.of()), false, Map.of());
        JobStep workflowPlugin = new JobStep(Kind.PLUGIN, null, null, null, null, null, null, null, false, null,
                null, "jenkins-build", false, map("job", "${option.job}", "wait", "true"), null, false,
                map("enabled", "yes"));

        Sequence sequence = new Sequence(true, Sequence.STEP_FIRST, List.of(exec, script, scriptfile, scripturl,
                jobref, jobref2, nodePlugin, workflowPlugin));
        NodeFilters nodeFilters = new NodeFilters("tags: web+prod name: web-.*", "name: web-3",
                new Dispatch("4", true, false, "rank", "descending"));
        Map<String, Object> extra = map(
                "notification", map("onfailure", map("recipients", "ops@example.com,dev@example.com"),
                        "onsuccess", map("urls", "http://example.com/hook?id=${execution.id}")),
                "defaultTab", "output",
                "nodeFilterEditable", false,
                "notifyAvgDurationThreshold", 300,
                "tags", List.of("deploy", "prod"),
                "plugins", map("ExecutionLifecycle", map("killhandler", map("killChilds", "true"))),
                "sequence.pluginConfig", map("WorkflowStrategy", map("step-first", map())),
                "nodefilters.dispatch.successOnEmptyNodeFilter", false,
                "myOwnField", "kept as is");
        return new JobDefinition("6e1f0c3a-8d2b-4a57-9c1e-3f2a4b5c6d7e", null, "deploy \"all\" & <more>",
                "ops/deploy", "Deploys everything\n\nsecond paragraph", LogLevel.VERBOSE, true, false,
                new Schedule("0 30 */6 ? JAN MON *"), "Europe/Paris", true, 2, "1h 30m", new Retry("3", "30s"),
                options, sequence, nodeFilters, false, "100/node", "halt", "failed", extra);
    }

    /** A job with nothing but a name and a command: every default. */
    static JobDefinition minimal() {
        return new JobDefinition(null, null, "minimal", null, null, LogLevel.NORMAL, true, true, null, null, false,
                null, null, null, List.of(), new Sequence(false, null, List.of(JobStep.command("uptime"))), null,
                true, null, null, null, Map.of());
    }

    /** Defaults where the model's and the format's differ: disabled, no nodes selected, a retry without delay. */
    static JobDefinition odd() {
        return new JobDefinition("0a0b0c0d-0000-4000-8000-000000000001", null, "odd", "/a/b/", "", LogLevel.ERROR,
                false, false, null, null, false, null, "${option.t}", new Retry("${option.retry}", null),
                List.of(JobOption.simple("t", null)),
                new Sequence(false, Sequence.PARALLEL, List.of(JobStep.inlineScript("echo x", null, null, false),
                        step(Kind.EXEC, ""))),
                new NodeFilters(null, null, Dispatch.DEFAULT), false, null, null, null, Map.of());
    }
}
