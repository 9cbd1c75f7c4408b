package org.windlass.api.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job option, as Rundeck's job formats define it.
 *
 * @param name                  the option name ({@code ${option.NAME}}, {@code RD_OPTION_NAME})
 * @param label                 display label, may be {@code null}
 * @param description           free text, may be {@code null}
 * @param value                 the default value, may be {@code null}
 * @param values                the allowed or suggested values, in order
 * @param valuesUrl             a URL the UI loads values from, kept, may be {@code null}
 * @param required              a value must be given (or defaulted)
 * @param enforced              the value must be one of {@code values}
 * @param regex                 the value must match this regular expression, may be {@code null}
 * @param multivalued           several values may be given, joined with {@code delimiter}
 * @param delimiter             the delimiter for multivalued options
 * @param multivalueAllSelected the UI selects all values by default
 * @param secure                a secure option: its value is never logged nor shown
 * @param valueExposed          for a secure option: the value is given to scripts as {@code RD_OPTION_*}
 * @param storagePath           for a secure option: the key storage path of its default value
 * @param isDate                a date option
 * @param dateFormat            the date option's format
 * @param extra                 further fields, kept as read
 */
public record JobOption(String name, String label, String description, String value, List<String> values,
                        String valuesUrl, boolean required, boolean enforced, String regex, boolean multivalued,
                        String delimiter, boolean multivalueAllSelected, boolean secure, boolean valueExposed,
                        String storagePath, boolean isDate, String dateFormat, Map<String, Object> extra) {

    public JobOption {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("option name must not be blank");
        }
        values = values == null ? List.of() : List.copyOf(values);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A plain option with a default. */
    public static JobOption simple(String name, String value) {
        return new JobOption(name, null, null, value, List.of(), null, false, false, null, false, null,
                false, false, false, null, false, null, Map.of());
    }
}
