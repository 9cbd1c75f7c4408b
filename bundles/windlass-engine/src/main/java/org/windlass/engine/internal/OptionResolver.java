package org.windlass.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.windlass.api.execution.RunException;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobOption;
import org.windlass.api.storage.SecretResolver;

/** Checks a run's option values against the job's options and fills in defaults. */
final class OptionResolver {

    static final String INVALID = "api.error.job.options-invalid";

    /**
     * @param values       every option value (secure ones included), by name
     * @param exposed      the values scripts see as {@code ${option.x}} and {@code RD_OPTION_X}
     * @param secure       the secure values that are not exposed ({@code ${secureOption.x}})
     * @param argString    the values as an argument string, secure values masked
     */
    record Resolved(Map<String, String> values, Map<String, String> exposed, Map<String, String> secure,
                    String argString) {
    }

    private OptionResolver() {
    }

    /**
     * @throws RunException naming the option and the rule it breaks
     */
    static Resolved resolve(JobDefinition job, Map<String, String> given, SecretResolver secrets) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> exposed = new LinkedHashMap<>();
        Map<String, String> secure = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        for (JobOption o : job.options()) {
            String v = given.get(o.name());
            if ((v == null || v.isEmpty()) && o.value() != null && !o.value().isEmpty()) {
                v = o.value();
            }
            if ((v == null || v.isEmpty()) && o.secure() && o.storagePath() != null && !o.storagePath().isBlank()) {
                v = readSecret(o, secrets);
            }
            if (v == null || v.isEmpty()) {
                if (o.required()) {
                    throw new RunException(INVALID, "option '" + o.name() + "' is required");
                }
                continue;
            }
            check(o, v);
            values.put(o.name(), v);
            if (o.secure() && !o.valueExposed()) {
                secure.put(o.name(), v);
            } else {
                exposed.put(o.name(), v);
            }
            shown.put(o.name(), o.secure() ? "*****" : v);
        }
        given.forEach((k, v) -> {
            if (job.option(k) == null) {
                values.put(k, v);
                exposed.put(k, v);
                shown.put(k, v);
            }
        });
        return new Resolved(values, exposed, secure, ArgStrings.format(shown));
    }

    private static String readSecret(JobOption o, SecretResolver secrets) {
        if (secrets == null) {
            throw new RunException(INVALID, "option '" + o.name() + "': key storage is not available to read "
                    + o.storagePath());
        }
        try {
            return new String(secrets.read(o.storagePath()), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new RunException(INVALID, "option '" + o.name() + "': cannot read its value from key storage "
                    + o.storagePath() + ": " + e.getMessage());
        }
    }

    private static void check(JobOption o, String v) {
        List<String> parts = o.multivalued()
                ? List.of(v.split(Pattern.quote(o.delimiter() == null || o.delimiter().isEmpty() ? "," : o.delimiter()), -1))
                : List.of(v);
        for (String part : parts) {
            if (o.enforced() && !o.values().isEmpty() && !o.values().contains(part)) {
                throw new RunException(INVALID, "option '" + o.name() + "': value '" + (o.secure() ? "*****" : part)
                        + "' is not one of the allowed values " + o.values());
            }
            if (o.regex() != null && !o.regex().isEmpty()) {
                boolean matches;
                try {
                    matches = Pattern.compile(o.regex()).matcher(part).matches();
                } catch (PatternSyntaxException e) {
                    throw new RunException(INVALID, "option '" + o.name() + "': its regex does not compile: " + e.getDescription());
                }
                if (!matches) {
                    throw new RunException(INVALID, "option '" + o.name() + "': value '" + (o.secure() ? "*****" : part)
                            + "' does not match the regex " + o.regex());
                }
            }
        }
    }
}
