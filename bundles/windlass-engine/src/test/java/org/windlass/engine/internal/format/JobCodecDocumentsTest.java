package org.windlass.engine.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.windlass.engine.internal.format.TestJobs.read;
import static org.windlass.engine.internal.format.TestJobs.readResource;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.windlass.api.LogLevel;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobDefinition.Dispatch;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobOption;
import org.windlass.api.job.JobStep;
import org.windlass.api.job.JobStep.Kind;

/** Rundeck's documentation examples, in each format. */
class JobCodecDocumentsTest {

    @Test
    void yamlDocumentationExamples() {
        JobCodec.Parsed parsed = readResource(JobFormat.YAML, "rundeck-jobs.yaml");
        assertEquals(List.of(), parsed.warnings());
        List<JobDefinition> jobs = parsed.jobs();
        assertEquals(4, jobs.size());

        JobDefinition min = jobs.get(0);
        assertEquals("job name", min.name());
        assertEquals("", min.description());
        assertEquals(LogLevel.NORMAL, min.loglevel());
        assertNull(min.project());
        assertNull(min.uuid());
        assertTrue(min.executionEnabled());
        assertTrue(min.scheduleEnabled());
        assertNull(min.nodeFilters());
        assertEquals(List.of(JobStep.command("a command")), min.sequence().commands());
        assertEquals(JobDefinition.Sequence.NODE_FIRST, min.sequence().strategy());

        assertTrue(jobs.get(1).description().startsWith("Performs a service\n\nThis is <b>html</b>\n"));
        assertTrue(jobs.get(1).description().endsWith("2. second item\n"));

        JobDefinition e = jobs.get(2);
        assertEquals("7c6ae3a5-1b1c-4d2e-8f3a-0d6b1c2e3f40", e.uuid());
        assertEquals("ops/deploy", e.group());
        assertEquals(LogLevel.DEBUG, e.loglevel());
        assertTrue(e.multipleExecutions());
        assertEquals(3, e.maxMultipleExecutions());
        assertEquals("6h 30m", e.timeout());
        assertEquals(new JobDefinition.Retry("${option.retry}", "1h1m1s"), e.retry());
        assertEquals("100/node", e.loglimit());
        assertEquals("truncate", e.loglimitAction());
        assertEquals("aborted", e.loglimitStatus());
        assertEquals("Europe/Paris", e.timeZone());
        assertFalse(e.scheduleEnabled());
        assertFalse(e.nodesSelectedByDefault());
        assertEquals("0 30 */6 ? Jan Mon *", e.schedule().crontab());

        JobOption test = e.option("test");
        assertTrue(test.required());
        assertEquals("dvalue", test.value());
        assertEquals("^[abcd]value$", test.regex());
        assertEquals(List.of("avalue", "bvalue", "cvalue", "dvalue"), test.values());
        assertTrue(test.multivalued());
        assertEquals(",", test.delimiter());
        JobOption password = e.option("password");
        assertTrue(password.secure() && password.valueExposed());
        assertEquals("keys/db/password", password.storagePath());
        JobOption day = e.option("day");
        assertTrue(day.isDate());
        assertEquals("YYYY-MM-DD", day.dateFormat());
        assertEquals("http://example.com/values.json", day.valuesUrl());

        List<JobStep> steps = e.sequence().commands();
        assertTrue(e.sequence().keepgoing());
        assertEquals(6, steps.size());
        assertEquals("greet", steps.get(0).description());
        assertEquals("echo recovering", steps.get(0).errorHandler().exec());
        assertTrue(steps.get(0).errorHandler().keepgoingOnSuccess());
        assertEquals(Kind.SCRIPT, steps.get(1).kind());
        assertEquals("#!/bin/bash\n\necho this is a script\necho this is option value: @option.test@",
                steps.get(1).script());
        assertEquals("interpreter -flag", steps.get(1).scriptInterpreter());
        assertTrue(steps.get(1).interpreterArgsQuoted());
        assertEquals("/path/to/script", steps.get(2).scriptfile());
        assertEquals("arguments to script", steps.get(2).args());
        assertEquals("http://example.com/path/to/script", steps.get(3).scripturl());
        assertEquals(".sh", steps.get(3).fileExtension());
        JobStep.JobRef ref = steps.get(4).jobref();
        assertEquals("jobname", ref.name());
        assertEquals("group", ref.group());
        assertEquals("args", ref.args());
        assertTrue(ref.nodeStep());
        assertTrue(steps.get(4).runsPerNode());
        assertEquals("tags: web name: web-.* !os-family: windows", ref.nodeFilter());
        assertEquals(new Dispatch("1", false, true, "rank", "descending"), ref.dispatch());
        JobStep plugin = steps.get(5);
        assertEquals(Kind.PLUGIN, plugin.kind());
        assertEquals("jenkins-build", plugin.pluginType());
        assertFalse(plugin.nodeStep());
        assertEquals(Map.of("job", "${option.job}"), plugin.configuration());

        assertEquals("tags: web name: web-.* !os-family: windows", e.nodeFilters().filter());
        assertEquals(new Dispatch("1", false, true, "rank", "descending"), e.nodeFilters().dispatch());
        assertEquals(List.of("notification", "plugins"), List.copyOf(e.extra().keySet()));
        assertEquals(Map.of("ExecutionLifecycle", Map.of("anotherPlugin", Map.of("prop1", "value"))),
                e.extra().get("plugins"));

        JobDefinition structured = jobs.get(3);
        assertEquals("0 01 05 ? APR,MAR,MAY FRI,MON,TUE *", structured.schedule().crontab());
        JobOption mapForm = structured.option("test");
        assertEquals("a test option in the older map form", mapForm.description());
        assertEquals(List.of("avalue", "bvalue", "dvalue"), mapForm.values());
    }

    @Test
    void xmlDocumentationExamples() {
        JobCodec.Parsed parsed = readResource(JobFormat.XML, "rundeck-jobs.xml");
        List<JobDefinition> jobs = parsed.jobs();
        assertEquals(4, jobs.size());

        JobDefinition who = jobs.get(0);
        assertEquals("who's logged in?", who.name());
        assertEquals("sysadm/users", who.group());
        assertEquals("default", who.project());
        assertEquals("who", who.sequence().commands().get(0).exec());
        assertEquals(new Dispatch("1", true, true, null, null), who.nodeFilters().dispatch());
        assertNull(who.nodeFilters().filter());
        assertEquals(Map.of("os-family", "unix"), who.extra().get("nodefilters.include"));
        assertEquals(List.of(), parsed.warnings(), "the deprecated include filter is known");

        assertEquals("#!/bin/bash\necho this is an example job running on $(hostname)\necho whatever\nexit 0 ",
                jobs.get(1).sequence().commands().get(0).script());

        JobDefinition core = jobs.get(2);
        assertEquals("", core.description());
        JobStep.JobRef other = core.sequence().commands().get(1).jobref();
        assertEquals("other tests", other.name());
        assertEquals("test", other.group());
        assertFalse(other.nodeStep());
        assertFalse(core.nodeFilters().dispatch().keepgoing());

        JobDefinition iffy = jobs.get(3);
        assertEquals("3b8d7c4e-2f1a-4c3b-9d8e-7f6a5b4c3d2e", iffy.uuid());
        assertEquals(LogLevel.VERBOSE, iffy.loglevel());
        assertTrue(iffy.multipleExecutions());
        assertEquals("1d 6h", iffy.timeout());
        assertEquals(new JobDefinition.Retry("${option.retry}", "1h1m1s"), iffy.retry());
        assertEquals("1KB", iffy.loglimit());
        assertEquals("halt", iffy.loglimitAction());
        assertEquals("aborted", iffy.loglimitStatus());
        assertNull(iffy.project());
        assertEquals("02 00 06,07,08 ? * * 2010", iffy.schedule().crontab());
        JobOption port = iffy.option("port");
        assertEquals(List.of("80", "8080", "8888"), port.values());
        assertTrue(port.enforced() && port.multivalued());
        assertEquals(",", port.delimiter());
        assertEquals("web\\d+", iffy.option("host").regex());
        assertEquals("example option description\n\n* this content will be rendered\n* as markdown",
                iffy.option("example").description());
        assertEquals(List.of("port", "host", "example", "retry"),
                iffy.options().stream().map(JobOption::name).toList());

        List<JobStep> steps = iffy.sequence().commands();
        assertTrue(iffy.sequence().keepgoing());
        assertEquals("step-first", iffy.sequence().strategy());
        assertEquals("Demonstrate echo command", steps.get(0).description());
        JobStep handler = steps.get(0).errorHandler();
        assertEquals("/path/to/a/script", handler.scriptfile());
        assertEquals("-whatever something", handler.args());
        assertTrue(handler.keepgoingOnSuccess());
        assertEquals("sudo -u usera sh -c", steps.get(1).scriptInterpreter());
        assertTrue(steps.get(1).interpreterArgsQuoted());
        JobStep.JobRef ref = steps.get(2).jobref();
        assertEquals("My Job", ref.name());
        assertEquals("My group", ref.group());
        assertTrue(ref.nodeStep());
        assertEquals("-option value -option2 value2", ref.args());
        assertEquals("tags: production+appserver", ref.nodeFilter());
        assertEquals(new Dispatch("2", false, true, "nodename", "descending"), ref.dispatch());
        assertEquals("my-node-step-plugin", steps.get(3).pluginType());
        assertTrue(steps.get(3).nodeStep());
        assertEquals(Map.of("someconfig", "a value", "timout", "2000"), steps.get(3).configuration());
        assertFalse(steps.get(4).nodeStep());
        assertEquals(Map.of("repeat", "12", "debug", "true"), steps.get(4).configuration());
        assertNull(iffy.nodeFilters());
    }

    @Test
    void jsonDocumentationExamples() {
        JobCodec.Parsed parsed = readResource(JobFormat.JSON, "rundeck-jobs.json");
        assertEquals(List.of(), parsed.warnings());
        List<JobDefinition> jobs = parsed.jobs();
        assertEquals(2, jobs.size());
        assertEquals(List.of(JobStep.command("a command")), jobs.get(0).sequence().commands());
        JobDefinition j = jobs.get(1);
        assertEquals("5a0c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4", j.uuid());
        assertEquals("api/tests", j.group());
        assertEquals(LogLevel.WARN, j.loglevel());
        assertEquals("120", j.timeout());
        assertEquals(new JobDefinition.Retry("3", null), j.retry());
        assertEquals("0 45 23 1 * ? *", j.schedule().crontab());
        assertTrue(j.option("env").enforced());
        assertEquals(Map.of("sortIndex", 1), j.option("count").extra());
        assertEquals("parallel", j.sequence().strategy());
        assertEquals("#!/bin/sh\necho hi\n", j.sequence().commands().get(1).script());
        JobStep.JobRef ref = j.sequence().commands().get(2).jobref();
        assertNull(ref.name());
        assertEquals("9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b", ref.uuid());
        assertTrue(ref.importOptions() && ref.failOnDisable());
        assertTrue(j.sequence().commands().get(3).nodeStep());
        assertEquals(new Dispatch("${option.count}", true, false, null, "ascending"), j.nodeFilters().dispatch());
        assertEquals(false, j.extra().get("nodefilters.dispatch.successOnEmptyNodeFilter"));
        assertEquals(Map.of("WorkflowStrategy", Map.of("parallel", Map.of("maxThreads", "2"))),
                j.extra().get("sequence.pluginConfig"));
        assertEquals("output", j.extra().get("defaultTab"));
    }

    @Test
    void structuredScheduleBecomesACrontab() {
        assertEquals("0 0 3 ? * * *", crontab("    time: {hour: 3}\n"));
        assertEquals("0 0 0 ? * * *", crontab("    month: '*'\n"));
        assertEquals("15 30 12 1,15 1-6 ? 2030", crontab("""
                    time: {seconds: 15, minute: 30, hour: 12}
                    month: 1-6
                    year: {year: 2030}
                    dayofmonth: {day: '1,15'}
                """));
        assertEquals("0 0 8 ? * MON-FRI *", crontab("""
                    time: {hour: '8'}
                    weekday: {day: MON-FRI}
                    dayofmonth: {day: '*'}
                """));
        // XML: <month day=".."/> carries the day of month
        JobDefinition x = read(JobFormat.XML, """
                <joblist><job><name>x</name>
                <schedule><time hour="1" minute="2"/><month month="3" day="4"/></schedule>
                <sequence><command><exec>x</exec></command></sequence></job></joblist>
                """).jobs().get(0);
        assertEquals("0 2 1 4 3 ? *", x.schedule().crontab());
    }

    private static String crontab(String schedule) {
        String doc = "- name: s\n  schedule:\n" + schedule + "  sequence:\n    commands:\n    - exec: x\n";
        return read(JobFormat.YAML, doc).jobs().get(0).schedule().crontab();
    }

    @Test
    void booleansAndNumbersMayBeText() {
        JobDefinition j = read(JobFormat.YAML, """
                - name: texts
                  executionEnabled: 'false'
                  multipleExecutions: 'TRUE'
                  maxMultipleExecutions: '4'
                  retry: 2
                  timeout: 90
                  nodefilters:
                    dispatch: {threadcount: 3, keepgoing: 'true', excludePrecedence: 'false'}
                  sequence:
                    keepgoing: 'true'
                    commands:
                    - exec: x
                """).jobs().get(0);
        assertFalse(j.executionEnabled());
        assertTrue(j.multipleExecutions());
        assertEquals(4, j.maxMultipleExecutions());
        assertEquals("2", j.retry().retry());
        assertEquals("90", j.timeout());
        assertEquals(new Dispatch("3", true, false, null, null), j.nodeFilters().dispatch());
        assertTrue(j.sequence().keepgoing());
    }

    @Test
    void uuidFallsBackToId() {
        List<JobDefinition> jobs = read(JobFormat.YAML, """
                - id: from-id
                  name: a
                  sequence: {commands: [{exec: x}]}
                - id: other-id
                  uuid: the-uuid
                  name: b
                  sequence: {commands: [{exec: x}]}
                """).jobs();
        assertEquals("from-id", jobs.get(0).uuid());
        assertEquals(Map.of(), jobs.get(0).extra());
        assertEquals("the-uuid", jobs.get(1).uuid());
        assertEquals(Map.of("id", "other-id"), jobs.get(1).extra(), "a different id is kept");
        assertEquals(jobs, TestJobs.roundTrip(jobs, JobFormat.YAML));
        assertEquals(jobs, TestJobs.roundTrip(jobs, JobFormat.XML));
    }

    @Test
    void unknownFieldsAreKeptWithAWarning() {
        JobCodec.Parsed parsed = read(JobFormat.YAML, """
                - name: first
                  sequence:
                    commands:
                    - exec: x
                - name: name
                  defaultTab: nodes
                  foo: bar
                  sequence:
                    commands:
                    - exec: x
                      colour: blue
                  options:
                  - name: o
                    sortIndex: 1
                    shade: dark
                """);
        assertEquals(java.util.Set.of(
                "job 2 'name': line 7: unknown field 'foo' kept, not used",
                "job 2 'name': line 15: unknown field 'options[1].shade' kept, not used",
                "job 2 'name': line 11: unknown field 'sequence.commands[1].colour' kept, not used"),
                java.util.Set.copyOf(parsed.warnings()));
        assertEquals(3, parsed.warnings().size());
        JobDefinition j = parsed.jobs().get(1);
        assertEquals(Map.of("defaultTab", "nodes", "foo", "bar"), j.extra());
        assertEquals(Map.of("colour", "blue"), j.sequence().commands().get(0).extra());
        assertEquals(Map.of("sortIndex", 1, "shade", "dark"), j.option("o").extra());
        String yaml = TestJobs.write(parsed.jobs(), JobFormat.YAML);
        assertTrue(yaml.contains("  foo: bar\n"), yaml);
        assertTrue(yaml.contains("colour: blue"), yaml);
    }

    @Test
    void xmlUnknownElementsAreKeptWithAWarning() {
        JobCodec.Parsed parsed = read(JobFormat.XML, """
                <joblist>
                  <job>
                    <name>x</name>
                    <frobnicate level="3"><knob>a</knob><knob>b</knob></frobnicate>
                    <sequence><command><exec>x</exec></command></sequence>
                  </job>
                </joblist>
                """);
        assertEquals(List.of("job 1 'x': line 4: unknown field 'frobnicate' kept, not used"), parsed.warnings());
        assertEquals(Map.of("frobnicate", Map.of("level", "3", "knob", List.of("a", "b"))),
                parsed.jobs().get(0).extra());
        String xml = TestJobs.write(parsed.jobs(), JobFormat.XML);
        assertTrue(xml.contains("<frobnicate level=\"3\">"), xml);
        assertEquals(parsed.jobs(), read(JobFormat.XML, xml).jobs());
    }

    @Test
    void jsonWithTabsAndCompactSeparators() {
        JobDefinition j = read(JobFormat.JSON,
                "[{\"name\":\"t\",\t\"sequence\":{\"commands\":[{\"exec\":\"a\\tb\"}]}}]").jobs().get(0);
        assertEquals("a\tb", j.sequence().commands().get(0).exec());
    }
}
