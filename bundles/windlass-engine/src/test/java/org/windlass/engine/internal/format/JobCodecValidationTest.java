package org.windlass.engine.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobFormatException;

/** Every validation error names the job, the line and the field. */
class JobCodecValidationTest {

    private static JobFormatException fails(JobFormat format, String doc) {
        return assertThrows(JobFormatException.class, () -> TestJobs.read(format, doc));
    }

    private static JobFormatException yaml(String doc) {
        return fails(JobFormat.YAML, doc);
    }

    private static void check(JobFormatException e, int line, String field, String message) {
        assertEquals(message, e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
    }

    private static void checkStart(JobFormatException e, int line, String field, String start) {
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void documentIsNotAList() {
        check(yaml("name: x\nsequence: {}\n"), 1, null, "line 1: expected a list of jobs, found a map");
        check(yaml(""), 1, null, "YAML document is empty: expected a list of jobs");
        check(fails(JobFormat.JSON, "{\n \"name\": \"x\"\n}"), 1, null, "line 1: expected a list of jobs, found a map");
    }

    @Test
    void jobIsNotAMap() {
        check(yaml("- name: ok\n  sequence: {commands: [{exec: x}]}\n- just text\n"), 3, null,
                "job 2: line 3: expected a map, found 'just text'");
    }

    @Test
    void missingName() {
        check(yaml("- description: nameless\n  sequence:\n    commands:\n    - exec: x\n"), 1, "name",
                "job 1: line 1: name: the job has no name");
        check(yaml("- name: ''\n  sequence:\n    commands:\n    - exec: x\n"), 1, "name",
                "job 1: line 1: name: the job has no name");
    }

    @Test
    void missingSequenceOrCommands() {
        check(yaml("- name: j\n  description: d\n"), 1, "sequence", "job 1 'j': line 1: sequence: the job has no sequence");
        check(yaml("- name: j\n  sequence:\n    keepgoing: true\n"), 3, "sequence.commands",
                "job 1 'j': line 3: sequence.commands: the sequence has no commands");
        check(yaml("- name: j\n  sequence:\n    commands: []\n"), 3, "sequence.commands",
                "job 1 'j': line 3: sequence.commands: the sequence has no commands");
        check(yaml("- name: j\n  sequence: run it\n"), 2, "sequence",
                "job 1 'j': line 2: sequence: expected a map, found 'run it'");
        check(yaml("- name: j\n  sequence:\n    commands: {exec: x}\n"), 3, "sequence.commands",
                "job 1 'j': line 3: sequence.commands: expected a list of steps, found a map");
    }

    @Test
    void unknownStepType() {
        String doc = """
                - name: steps
                  sequence:
                    commands:
                    - exec: ok
                    - exec: echo
                      script: echo
                """;
        check(yaml(doc), 5, "sequence.commands[2]", "job 1 'steps': line 5: sequence.commands[2]: unknown step type "
                + "(found exec, script; a step has exactly one of them)");
        String none = """
                - name: steps
                  sequence:
                    commands:
                    - description: nothing to run
                      args: x
                """;
        check(yaml(none), 4, "sequence.commands[1]", "job 1 'steps': line 4: sequence.commands[1]: unknown step type "
                + "(found none of exec, script, scriptfile, scripturl, jobref, type; keys: description, args)");
        String handler = """
                - name: steps
                  sequence:
                    commands:
                    - exec: x
                      errorhandler:
                        jobref: {name: a}
                        type: plugin
                """;
        checkStart(yaml(handler), 6, "sequence.commands[1].errorhandler",
                "job 1 'steps': line 6: sequence.commands[1].errorhandler: unknown step type (found jobref, type");
        check(yaml("- name: s\n  sequence:\n    commands:\n    - scriptfile: ''\n"), 4,
                "sequence.commands[1].scriptfile",
                "job 1 's': line 4: sequence.commands[1].scriptfile: 'scriptfile' must not be empty");
    }

    @Test
    void badLoglevel() {
        check(yaml("- name: j\n  loglevel: LOUD\n  sequence:\n    commands:\n    - exec: x\n"), 2, "loglevel",
                "job 1 'j': line 2: loglevel: bad loglevel 'LOUD' (DEBUG, VERBOSE, INFO, WARN, ERROR)");
    }

    @Test
    void badStrategy() {
        check(yaml("- name: j\n  sequence:\n    strategy: random\n    commands:\n    - exec: x\n"), 3,
                "sequence.strategy",
                "job 1 'j': line 3: sequence.strategy: bad strategy 'random' (node-first, step-first, parallel)");
    }

    @Test
    void badCrontab() {
        JobFormatException e = yaml("- name: j\n  schedule:\n    crontab: '0 0 25 ? * * *'\n"
                + "  sequence:\n    commands:\n    - exec: x\n");
        checkStart(e, 3, "schedule.crontab", "job 1 'j': line 3: schedule.crontab: bad crontab '0 0 25 ? * * *': ");
        assertTrue(e.getMessage().contains("Value 25 not in range [0, 23]"), e.getMessage());
        JobFormatException both = yaml("- name: j\n  schedule:\n    crontab: '0 0 1 * * * *'\n"
                + "  sequence:\n    commands:\n    - exec: x\n");
        assertTrue(both.getMessage().contains("Both, a day-of-week AND a day-of-month parameter, are not supported"),
                both.getMessage());
        checkStart(yaml("- name: j\n  schedule:\n    crontab: every day\n  sequence:\n    commands:\n    - exec: x\n"),
                3, "schedule.crontab", "job 1 'j': line 3: schedule.crontab: bad crontab 'every day': ");
    }

    @Test
    void badStructuredSchedule() {
        JobFormatException e = yaml("""
                - name: j
                  schedule:
                    time: {hour: '99', minute: '0'}
                  sequence:
                    commands:
                    - exec: x
                """);
        checkStart(e, 3, "schedule", "job 1 'j': line 3: schedule: bad crontab '0 0 99 ? * * *': ");
        assertTrue(e.getMessage().contains("Value 99 not in range"), e.getMessage());
        check(yaml("""
                - name: j
                  schedule:
                    dayofmonth: {day: '1'}
                    weekday: {day: MON}
                  sequence:
                    commands:
                    - exec: x
                """), 3, "schedule",
                "job 1 'j': line 3: schedule: bad schedule: dayofmonth '1' and weekday 'MON' cannot both be set");
        check(yaml("""
                - name: j
                  schedule:
                    time: '12:00'
                  sequence:
                    commands:
                    - exec: x
                """), 3, "schedule.time", "job 1 'j': line 3: schedule.time: expected a map, found '12:00'");
        checkStart(yaml("""
                - name: j
                  schedule:
                    month: Smarch
                  sequence:
                    commands:
                    - exec: x
                """), 3, "schedule", "job 1 'j': line 3: schedule: bad crontab '0 0 0 ? Smarch * *': ");
    }

    @Test
    void badRankOrder() {
        check(yaml("""
                - name: j
                  nodefilters:
                    filter: 'tags: web'
                    dispatch:
                      rankOrder: sideways
                  sequence:
                    commands:
                    - exec: x
                """), 5, "nodefilters.dispatch.rankOrder",
                "job 1 'j': line 5: nodefilters.dispatch.rankOrder: bad rankOrder 'sideways' (ascending, descending)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "many", "1.5", "${option"})
    void badThreadcount(String threadcount) {
        JobFormatException e = yaml("- name: j\n  nodefilters:\n    dispatch:\n      threadcount: '" + threadcount
                + "'\n  sequence:\n    commands:\n    - exec: x\n");
        check(e, 4, "nodefilters.dispatch.threadcount", "job 1 'j': line 4: nodefilters.dispatch.threadcount: "
                + "bad threadcount '" + threadcount + "': not a positive whole number nor ${option.x}");
    }

    @Test
    void threadcountOnAJobRef() {
        check(yaml("""
                - name: j
                  sequence:
                    commands:
                    - jobref:
                        name: child
                        nodefilters:
                          dispatch: {threadcount: none}
                """), 7, "sequence.commands[1].jobref.nodefilters.dispatch.threadcount",
                "job 1 'j': line 7: sequence.commands[1].jobref.nodefilters.dispatch.threadcount: "
                        + "bad threadcount 'none': not a positive whole number nor ${option.x}");
    }

    @Test
    void goodDurationsAndReferences() {
        TestJobs.read(JobFormat.YAML, """
                - name: j
                  timeout: 1h 30m 10s
                  retry: {retry: '${option.retries}', delay: 2d}
                  nodefilters: {dispatch: {threadcount: '${option.n}'}}
                  sequence: {commands: [{exec: x}]}
                - name: k
                  timeout: ${option.t}
                  retry: 5
                  sequence: {commands: [{exec: x}]}
                - name: l
                  timeout: 90s
                  retry: {retry: 1, delay: 120}
                  sequence: {commands: [{exec: x}]}
                """);
    }

    @Test
    void badRetryTimeoutDelay() {
        check(yaml("- name: j\n  retry: lots\n  sequence: {commands: [{exec: x}]}\n"), 2, "retry",
                "job 1 'j': line 2: retry: bad retry 'lots': not a number nor a ${...} reference");
        check(yaml("- name: j\n  retry:\n    retry: '2'\n    delay: soon\n  sequence: {commands: [{exec: x}]}\n"), 4,
                "retry.delay", "job 1 'j': line 4: retry.delay: bad retry.delay 'soon': not a number, a duration "
                        + "(90s, 1h 30m 10s, 2d) nor a ${...} reference");
        check(yaml("- name: j\n  retry:\n    delay: 10s\n  sequence: {commands: [{exec: x}]}\n"), 3, "retry.retry",
                "job 1 'j': line 3: retry.retry: retry needs a count");
        check(yaml("- name: j\n  timeout: forever\n  sequence: {commands: [{exec: x}]}\n"), 2, "timeout",
                "job 1 'j': line 2: timeout: bad timeout 'forever': not a number, a duration "
                        + "(90s, 1h 30m 10s, 2d) nor a ${...} reference");
        check(yaml("- name: j\n  timeout: 3 weeks\n  sequence: {commands: [{exec: x}]}\n"), 2, "timeout",
                "job 1 'j': line 2: timeout: bad timeout '3 weeks': not a number, a duration "
                        + "(90s, 1h 30m 10s, 2d) nor a ${...} reference");
    }

    @Test
    void badOptionRegex() {
        JobFormatException e = yaml("""
                - name: j
                  options:
                  - name: port
                    regex: '[0-9'
                  sequence: {commands: [{exec: x}]}
                """);
        check(e, 4, "options[1].regex", "job 1 'j': line 4: options[1].regex: bad regex '[0-9': Unclosed character class");
    }

    @Test
    void optionDefaultNotAllowed() {
        check(yaml("""
                - name: j
                  options:
                  - name: ok
                  - name: env
                    value: qa
                    values: [dev, prod]
                    enforced: true
                  sequence: {commands: [{exec: x}]}
                """), 5, "options[2].value",
                "job 1 'j': line 5: options[2].value: option 'env': default value 'qa' is not one of the allowed "
                        + "values dev, prod");
        check(yaml("""
                - name: j
                  options:
                  - name: hosts
                    value: a,z
                    values: [a, b]
                    enforced: true
                    multivalued: true
                    delimiter: ','
                  sequence: {commands: [{exec: x}]}
                """), 4, "options[1].value",
                "job 1 'j': line 4: options[1].value: option 'hosts': default value 'z' is not one of the allowed "
                        + "values a, b");
        check(yaml("""
                - name: j
                  options:
                  - name: port
                    value: http
                    regex: '\\d+'
                  sequence: {commands: [{exec: x}]}
                """), 4, "options[1].value",
                "job 1 'j': line 4: options[1].value: option 'port': default value 'http' does not match the regex "
                        + "'\\d+'");
        // a value with ${...} is not checked
        TestJobs.read(JobFormat.YAML, """
                - name: j
                  options:
                  - {name: port, value: '${option.base}', regex: '\\d+', values: [1], enforced: true}
                  sequence: {commands: [{exec: x}]}
                """);
    }

    @Test
    void optionWithoutNameOrDuplicated() {
        check(yaml("""
                - name: j
                  options:
                  - name: a
                  - description: who am I
                  sequence: {commands: [{exec: x}]}
                """), 4, "options[2].name", "job 1 'j': line 4: options[2].name: option without a name");
        check(yaml("""
                - name: j
                  options:
                  - name: a
                  - name: a
                  sequence: {commands: [{exec: x}]}
                """), 4, "options[2].name", "job 1 'j': line 4: options[2].name: duplicate option 'a' (also options[1])");
        check(yaml("""
                - name: j
                  options: just one
                  sequence: {commands: [{exec: x}]}
                """), 2, "options", "job 1 'j': line 2: options: expected a list of options, found 'just one'");
    }

    @Test
    void jobrefWithoutNameOrUuid() {
        check(yaml("""
                - name: j
                  sequence:
                    commands:
                    - exec: x
                    - jobref:
                        group: g
                        args: -a b
                """), 6, "sequence.commands[2].jobref",
                "job 1 'j': line 6: sequence.commands[2].jobref: a job reference needs a name or a uuid");
    }

    @Test
    void badBooleanAndNumber() {
        check(yaml("- name: j\n  executionEnabled: maybe\n  sequence: {commands: [{exec: x}]}\n"), 2,
                "executionEnabled", "job 1 'j': line 2: executionEnabled: expected true or false, found 'maybe'");
        check(yaml("- name: j\n  maxMultipleExecutions: many\n  sequence: {commands: [{exec: x}]}\n"), 2,
                "maxMultipleExecutions", "job 1 'j': line 2: maxMultipleExecutions: expected a whole number, found 'many'");
        check(yaml("- name: j\n  group: [a, b]\n  sequence: {commands: [{exec: x}]}\n"), 2,
                "group", "job 1 'j': line 2: group: expected a text value, found a list");
    }

    @Test
    void theFailingJobIsNamedByIndexAndName() {
        String doc = """
                - name: first
                  sequence: {commands: [{exec: x}]}
                - name: second
                  sequence:
                    commands:
                    - exec: x
                    - exec: y
                    - {}
                """;
        check(yaml(doc), 8, "sequence.commands[3]", "job 2 'second': line 8: sequence.commands[3]: unknown step type "
                + "(found none of exec, script, scriptfile, scripturl, jobref, type; keys: none)");
    }

    @Test
    void syntaxErrors() {
        JobFormatException y = yaml("- name: j\n  sequence:\n    commands:\n    - exec: [unclosed\n  other: x\n");
        assertTrue(y.getMessage().startsWith("YAML syntax error: line "), y.getMessage());
        assertTrue(y.line() >= 4, y.getMessage());
        assertEquals(null, y.field());
        JobFormatException tabs = yaml("- name: j\n\tsequence: x\n");
        check(tabs, 2, null, tabs.getMessage());
        assertTrue(tabs.getMessage().startsWith("YAML syntax error: line 2: "), tabs.getMessage());

        JobFormatException j = fails(JobFormat.JSON, "[\n  {\n    \"name\": \"j\",\n    \"sequence\": {\n  ]\n");
        assertTrue(j.getMessage().startsWith("JSON syntax error: line 5: "), j.getMessage());
        assertEquals(5, j.line());

        JobFormatException x = fails(JobFormat.XML, "<joblist>\n  <job>\n    <name>j</nam>\n  </job>\n</joblist>\n");
        assertTrue(x.getMessage().startsWith("XML syntax error: line 3: "), x.getMessage());
        assertEquals(3, x.line());
        check(fails(JobFormat.XML, "<jobs>\n<job/></jobs>"), 1, null, "line 1: expected <joblist>, found <jobs>");
        check(fails(JobFormat.XML, "<joblist>\n<task/></joblist>"), 2, null, "line 2: expected <job>, found <task>");
        JobFormatException dtd = fails(JobFormat.XML,
                "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<joblist/>");
        assertTrue(dtd.getMessage().startsWith("XML syntax error: line 2: "), dtd.getMessage());
    }

    @Test
    void jsonErrorsHaveLines() {
        String doc = """
                [
                  {
                    "name": "j",
                    "loglevel": "LOUD",
                    "sequence": {"commands": [{"exec": "x"}]}
                  }
                ]
                """;
        check(fails(JobFormat.JSON, doc), 4, "loglevel",
                "job 1 'j': line 4: loglevel: bad loglevel 'LOUD' (DEBUG, VERBOSE, INFO, WARN, ERROR)");
    }

    @Test
    void xmlErrorsHaveLinesAndYamlFieldPaths() {
        String doc = """
                <joblist>
                  <job>
                    <name>x</name>
                    <sequence strategy="sideways">
                      <command><exec>x</exec></command>
                    </sequence>
                  </job>
                </joblist>
                """;
        check(fails(JobFormat.XML, doc), 4, "sequence.strategy",
                "job 1 'x': line 4: sequence.strategy: bad strategy 'sideways' (node-first, step-first, parallel)");
        String steps = """
                <joblist>
                  <job>
                    <name>x</name>
                    <context>
                      <options>
                        <option name="a" value="c" values="a,b" enforcedvalues="true"/>
                      </options>
                    </context>
                    <sequence>
                      <command><exec>x</exec></command>
                    </sequence>
                  </job>
                </joblist>
                """;
        check(fails(JobFormat.XML, steps), 6, "options[1].value",
                "job 1 'x': line 6: options[1].value: option 'a': default value 'c' is not one of the allowed values a, b");
        String twoKinds = """
                <joblist>
                  <job>
                    <name>x</name>
                    <sequence>
                      <command><exec>x</exec></command>
                      <command>
                        <exec>x</exec>
                        <node-step-plugin type="p"/>
                      </command>
                    </sequence>
                  </job>
                </joblist>
                """;
        check(fails(JobFormat.XML, twoKinds), 6, "sequence.commands[2]", "job 1 'x': line 6: sequence.commands[2]: "
                + "unknown step type (found exec, type; a step has exactly one of them)");
        String schedule = """
                <joblist>
                  <job>
                    <name>x</name>
                    <schedule crontab="0 0 0 ? * MOON *"/>
                    <sequence><command><exec>x</exec></command></sequence>
                  </job>
                </joblist>
                """;
        checkStart(fails(JobFormat.XML, schedule), 4, "schedule.crontab",
                "job 1 'x': line 4: schedule.crontab: bad crontab '0 0 0 ? * MOON *'");
        String dispatch = """
                <joblist>
                  <job>
                    <name>x</name>
                    <sequence><command><exec>x</exec></command></sequence>
                    <dispatch>
                      <threadcount>0</threadcount>
                    </dispatch>
                  </job>
                </joblist>
                """;
        check(fails(JobFormat.XML, dispatch), 6, "nodefilters.dispatch.threadcount",
                "job 1 'x': line 6: nodefilters.dispatch.threadcount: bad threadcount '0': not a positive whole "
                        + "number nor ${option.x}");
        String noName = "<joblist>\n<job>\n<sequence><command><exec>x</exec></command></sequence>\n</job>\n</joblist>";
        check(fails(JobFormat.XML, noName), 2, "name", "job 1: line 2: name: the job has no name");
    }
}
