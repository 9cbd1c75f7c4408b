package org.windlass.engine.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.windlass.engine.internal.format.TestJobs.read;
import static org.windlass.engine.internal.format.TestJobs.readResource;
import static org.windlass.engine.internal.format.TestJobs.rich;
import static org.windlass.engine.internal.format.TestJobs.roundTrip;
import static org.windlass.engine.internal.format.TestJobs.write;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobOption;
import org.windlass.api.job.JobStep;

class JobCodecRoundTripTest {

    private static final List<JobDefinition> JOBS = List.of(rich(), TestJobs.minimal(), TestJobs.odd());

    @ParameterizedTest
    @EnumSource(value = JobFormat.class, names = {"YAML", "JSON"})
    void yamlAndJsonRoundTripExactly(JobFormat format) {
        List<JobDefinition> back = roundTrip(JOBS, format);
        assertEquals(JOBS.size(), back.size());
        for (int i = 0; i < JOBS.size(); i++) {
            assertEquals(JOBS.get(i), back.get(i), format + " job " + (i + 1));
        }
        // the extra values keep their types
        JobDefinition r = back.get(0);
        assertEquals(300, r.extra().get("notifyAvgDurationThreshold"));
        assertEquals(false, r.extra().get("nodeFilterEditable"));
        assertEquals(List.of("deploy", "prod"), r.extra().get("tags"));
        assertEquals(Map.of("sortIndex", 2, "hidden", false), r.option("env").extra());
    }

    @ParameterizedTest
    @EnumSource(JobFormat.class)
    void writingTwiceGivesTheSameDocument(JobFormat format) {
        // XML turns extra values into text on the first write, so compare from the first read on
        List<JobDefinition> start = format == JobFormat.XML ? roundTrip(JOBS, format) : JOBS;
        String once = write(start, format);
        String twice = write(roundTrip(start, format), format);
        assertEquals(once, twice);
    }

    @Test
    void xmlRoundTripsTypedFieldsExactlyAndExtrasAsText() {
        List<JobDefinition> jobs = List.of(rich().withIdentity(rich().uuid(), "ops"), TestJobs.minimal(),
                TestJobs.odd());
        List<JobDefinition> back = roundTrip(jobs, JobFormat.XML);
        assertEquals(jobs.size(), back.size());
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(XmlSink.normalize(jobs.get(i)), back.get(i), "XML job " + (i + 1));
        }
        JobDefinition r = back.get(0);
        assertEquals("ops", r.project());
        // typed fields are exact without any normalization
        JobDefinition o = jobs.get(0);
        assertEquals(o.options().stream().map(JobCodecRoundTripTest::noExtra).toList(),
                r.options().stream().map(JobCodecRoundTripTest::noExtra).toList());
        assertEquals(o.nodeFilters(), r.nodeFilters());
        assertEquals(o.retry(), r.retry());
        assertEquals(o.schedule(), r.schedule());
        assertEquals(o.sequence().commands().get(4).jobref(), r.sequence().commands().get(4).jobref());
        assertEquals(o.sequence().commands().get(1).script(), r.sequence().commands().get(1).script());
        // only the extras changed: XML keeps text
        assertEquals("300", r.extra().get("notifyAvgDurationThreshold"));
        assertEquals("false", r.extra().get("nodeFilterEditable"));
        assertEquals(List.of("deploy", "prod"), r.extra().get("tags"));
        assertEquals(Map.of("sortIndex", "2", "hidden", "false"), r.option("env").extra());
        assertNotEquals(jobs.get(0), r);
    }

    private static org.windlass.api.job.JobOption noExtra(org.windlass.api.job.JobOption o) {
        return new org.windlass.api.job.JobOption(o.name(), o.label(), o.description(), o.value(), o.values(),
                o.valuesUrl(), o.required(), o.enforced(), o.regex(), o.multivalued(), o.delimiter(),
                o.multivalueAllSelected(), o.secure(), o.valueExposed(), o.storagePath(), o.isDate(),
                o.dateFormat(), Map.of());
    }

    @Test
    void xmlExtrasReadFromXmlRoundTripExactly() {
        JobCodec.Parsed first = readResource(JobFormat.XML, "rundeck-jobs.xml");
        List<JobDefinition> back = roundTrip(first.jobs(), JobFormat.XML);
        assertEquals(first.jobs(), back);
        JobDefinition iffy = back.get(3);
        assertEquals(Map.of("onfailure", Map.of("email", Map.of("recipients", "test@example.com,foo@example.com")),
                        "onsuccess", Map.of("email", Map.of("recipients", "test@example.com"),
                                "webhook", Map.of("urls", "http://example.com?id=${execution.id}"))),
                iffy.extra().get("notification"));
        assertEquals(Map.of("ExecutionLifecycle", Map.of("type", "myplugin")), iffy.extra().get("plugins"));
    }

    @Test
    void yamlToXmlToXmlGivesTheOriginalJobs() {
        List<JobDefinition> original = readResource(JobFormat.YAML, "rundeck-jobs.yaml").jobs();
        String xml = write(original, JobFormat.XML);
        List<JobDefinition> fromXml = read(JobFormat.XML, xml).jobs();
        assertEquals(original.stream().map(XmlSink::normalize).toList(), fromXml);
        // the document's extras are all text, so there is nothing to normalize but the empty plugin maps
        assertEquals(original.get(0), fromXml.get(0));
        assertEquals(original.get(1), fromXml.get(1));
        assertEquals(original.get(3), fromXml.get(3));
        assertEquals(original.get(2).extra().get("notification"), fromXml.get(2).extra().get("notification"));
    }

    @Test
    void everyFormatToEveryFormat() {
        for (JobFormat from : JobFormat.values()) {
            for (JobFormat to : JobFormat.values()) {
                List<JobDefinition> start = roundTrip(JOBS, from);
                List<JobDefinition> there = roundTrip(start, to);
                List<JobDefinition> expected = from == JobFormat.XML || to == JobFormat.XML
                        ? start.stream().map(XmlSink::normalize).toList() : start;
                assertEquals(expected, there, from + " -> " + to);
            }
        }
    }

    @Test
    void jsonToYamlAndBackKeepsTypes() {
        List<JobDefinition> json = readResource(JobFormat.JSON, "rundeck-jobs.json").jobs();
        List<JobDefinition> viaYaml = read(JobFormat.YAML, write(json, JobFormat.YAML)).jobs();
        assertEquals(json, viaYaml);
        List<JobDefinition> viaJson = read(JobFormat.JSON, write(viaYaml, JobFormat.JSON)).jobs();
        assertEquals(json, viaJson);
        assertTrue(json.get(1).extra().containsKey("notifyAvgDurationThreshold"));
        assertEquals(null, json.get(1).extra().get("notifyAvgDurationThreshold"));
    }

    @Test
    void yamlLooksLikeRundecks() {
        String yaml = write(List.of(rich()), JobFormat.YAML);
        assertTrue(yaml.startsWith("- "), yaml);
        assertTrue(yaml.contains("  loglevel: VERBOSE\n"), yaml);
        assertTrue(yaml.contains("  schedule:\n    crontab: 0 30 */6 ? JAN MON *\n"), yaml);
        assertTrue(yaml.contains("  retry:\n    delay: 30s\n    retry: '3'\n"), yaml);
        assertTrue(yaml.contains("    - exec: echo 'hello'") || yaml.contains("exec: echo 'hello'"), yaml);
        assertTrue(yaml.contains("  description: |-\n    Deploys everything\n\n    second paragraph\n"),
                "multi-line text is a literal block:\n" + yaml);
        assertTrue(yaml.contains("    pluginConfig:\n"), "spilled fields go back into the sequence:\n" + yaml);
        assertTrue(yaml.contains("      successOnEmptyNodeFilter: false\n"), yaml);
        assertFalse(yaml.contains("sequence.pluginConfig"), yaml);
        String minimal = write(List.of(TestJobs.minimal()), JobFormat.YAML);
        assertTrue(minimal.contains("loglevel: INFO"), minimal);
        assertFalse(minimal.contains("NORMAL"), minimal);
        assertFalse(minimal.contains("nodefilters"), minimal);
        assertFalse(minimal.contains("uuid"), minimal);
    }

    @Test
    void xmlLooksLikeRundecks() {
        String xml = write(List.of(rich().withIdentity(rich().uuid(), "ops")), JobFormat.XML);
        assertTrue(xml.contains("<joblist>"), xml);
        assertTrue(xml.contains("<schedule crontab=\"0 30 */6 ? JAN MON *\"/>"), xml);
        assertTrue(xml.contains("<retry delay=\"30s\">3</retry>"), xml);
        assertTrue(xml.contains("<project>ops</project>"), xml);
        assertTrue(xml.contains("<options preserveOrder=\"true\">"), xml);
        assertTrue(xml.contains("<sequence keepgoing=\"true\" strategy=\"step-first\">"), xml);
        assertTrue(xml.contains("<node-step-plugin type=\"copyfile\">"), xml);
        assertTrue(xml.contains("<step-plugin type=\"jenkins-build\">"), xml);
        assertTrue(xml.contains("<entry key=\"sourcePath\" value=\"/tmp/a\"/>"), xml);
        assertTrue(xml.contains("<errorhandler keepgoingOnSuccess=\"true\">"), xml);
        assertTrue(xml.contains("<arg line=\"-env ${option.env} -n 'two words'\"/>"), xml);
        assertTrue(xml.contains("<logging limit=\"100/node\" limitAction=\"halt\" status=\"failed\"/>"), xml);
        assertTrue(xml.contains("<filterExclude>name: web-3</filterExclude>"), xml);
        assertTrue(xml.contains("<loglevel>VERBOSE</loglevel>"), xml);
        assertTrue(xml.contains("<![CDATA[#!/bin/bash"), xml);
    }

    @Test
    void jsonIsAPrettyArray() {
        String json = write(List.of(TestJobs.minimal()), JobFormat.JSON);
        assertTrue(json.startsWith("[ {"), json);
        assertTrue(json.contains("\"loglevel\" : \"INFO\""), json);
        assertTrue(json.contains("\"commands\" : [ {\n"), json);
    }

    @ParameterizedTest
    @EnumSource(JobFormat.class)
    void noJobs(JobFormat format) {
        assertEquals(List.of(), roundTrip(List.of(), format));
    }

    @Test
    void errorHandlersAndJobRefsSurvive() {
        for (JobFormat format : JobFormat.values()) {
            JobDefinition back = roundTrip(List.of(rich()), format).get(0);
            JobStep exec = back.sequence().commands().get(0);
            assertEquals("echo failed ${option.env}", exec.errorHandler().exec(), format.name());
            assertTrue(exec.errorHandler().keepgoingOnSuccess(), format.name());
            JobStep script = back.sequence().commands().get(1);
            assertEquals(JobStep.Kind.JOB_REF, script.errorHandler().kind(), format.name());
            assertEquals("0f9e8d7c-6b5a-4948-8372-615f4e3d2c1b", script.errorHandler().jobref().uuid());
            JobStep.JobRef ref = back.sequence().commands().get(4).jobref();
            assertEquals("tags: web !name: web-3", ref.nodeFilter(), format.name());
            assertEquals(new JobDefinition.Dispatch("${option.threads}", true, false, "rank", "descending"),
                    ref.dispatch(), format.name());
            assertTrue(ref.useName() && ref.importOptions() && ref.childNodes() && ref.failOnDisable()
                    && ref.ignoreNotifications(), format.name());
            assertEquals(null, back.sequence().commands().get(5).jobref().dispatch(), format.name());
            assertFalse(back.sequence().commands().get(3).nodeStep(), format.name());
        }
    }

    @Test
    void awkwardTextSurvivesEveryFormat() {
        JobOption option = new JobOption("multi\nline", null, "tab\there\r\nand crlf", "first\nsecond",
                List.of("first\nsecond", "x"), null, false, true, null, false, null, false, false, false, null,
                false, null, Map.of());
        JobStep.JobRef ref = new JobStep.JobRef("name\nwith break", "g", null, null, "-a \"b\" <c>", false, null,
                null, false, false, false, false, false);
        JobStep exec = new JobStep(JobStep.Kind.EXEC, " padded ", "echo ']]>' && echo \"&amp;\"", null, null, null,
                null, null, false, null, null, null, true, Map.of(), null, false, Map.of());
        JobStep script = JobStep.inlineScript("line1\r\nline2\n\n  ", "  ", null, false);
        JobStep refStep = new JobStep(JobStep.Kind.JOB_REF, null, null, null, null, null, null, null, false, null,
                ref, null, false, Map.of(), null, false, Map.of());
        JobDefinition j = new JobDefinition("u", null, "  spaced name  ", null, "\u00e9t\u00e9 \u2603\n", null, true,
                true, null, null, false, null, null, null, List.of(option),
                new JobDefinition.Sequence(false, null, List.of(exec, script, refStep)), null, true, null, null,
                null, Map.of());
        for (JobFormat format : JobFormat.values()) {
            assertEquals(List.of(j), roundTrip(List.of(j), format), format.name());
        }
    }
}
