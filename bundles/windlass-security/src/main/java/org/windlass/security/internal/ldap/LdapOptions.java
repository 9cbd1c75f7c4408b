package org.windlass.security.internal.ldap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

/**
 * The parsed, validated options of one {@link LdapLoginModule} instance. Immutable. Parsing never throws:
 * a problem is recorded in {@link #error()} and reported by {@code login()}, because
 * {@link javax.security.auth.spi.LoginModule#initialize} cannot throw.
 */
final class LdapOptions {

    static final String PROVIDER_URL = "providerUrl";
    static final String BIND_DN = "bindDn";
    static final String BIND_PASSWORD = "bindPassword";
    static final String AUTHENTICATION_METHOD = "authenticationMethod";
    static final String FORCE_BINDING_LOGIN = "forceBindingLogin";
    static final String USER_BASE_DN = "userBaseDn";
    static final String USER_RDN_ATTRIBUTE = "userRdnAttribute";
    static final String USER_ID_ATTRIBUTE = "userIdAttribute";
    static final String USER_PASSWORD_ATTRIBUTE = "userPasswordAttribute";
    static final String USER_OBJECT_CLASS = "userObjectClass";
    static final String ROLE_BASE_DN = "roleBaseDn";
    static final String ROLE_NAME_ATTRIBUTE = "roleNameAttribute";
    static final String ROLE_MEMBER_ATTRIBUTE = "roleMemberAttribute";
    static final String ROLE_USERNAME_MEMBER_ATTRIBUTE = "roleUsernameMemberAttribute";
    static final String ROLE_OBJECT_CLASS = "roleObjectClass";
    static final String ROLE_PREFIX = "rolePrefix";
    static final String CACHE_DURATION_MILLIS = "cacheDurationMillis";
    static final String SUPPLEMENTAL_ROLES = "supplementalRoles";
    static final String NESTED_GROUPS = "nestedGroups";
    static final String TIMEOUT_READ = "timeoutRead";
    static final String TIMEOUT_CONNECT = "timeoutConnect";

    /** An attribute description: a name or OID, options after ';', and (for AD) a matching rule after ':'. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.;:\\-]*");

    final String providerUrl;
    final String bindDn;
    final String bindPassword;
    final String authenticationMethod;
    final boolean forceBindingLogin;
    final String userBaseDn;
    final String userRdnAttribute;
    final String userIdAttribute;
    final String userPasswordAttribute;
    final String userObjectClass;
    final String roleBaseDn;
    final String roleNameAttribute;
    final String roleMemberAttribute;
    final String roleUsernameMemberAttribute;
    final String roleObjectClass;
    final String rolePrefix;
    final long cacheDurationMillis;
    final Set<String> supplementalRoles;
    final boolean nestedGroups;
    final long timeoutRead;
    final long timeoutConnect;
    private final String error;

    private LdapOptions(Map<String, ?> options) {
        List<String> problems = new ArrayList<>();
        providerUrl = string(options, PROVIDER_URL, null);
        if (providerUrl == null) {
            problems.add("option " + PROVIDER_URL + " is required (e.g. ldap://ldap.example.com:389/)");
        } else {
            for (String url : providerUrl.split("\\s+")) {
                String lower = url.toLowerCase(Locale.ROOT);
                if (!lower.startsWith("ldap://") && !lower.startsWith("ldaps://")) {
                    problems.add("option " + PROVIDER_URL + " has '" + url + "', which is not an ldap:// or ldaps:// URL");
                }
            }
        }
        bindDn = string(options, BIND_DN, null);
        bindPassword = secret(options, BIND_PASSWORD);
        if (bindDn != null && bindPassword == null) {
            problems.add("option " + BIND_DN + " is set but " + BIND_PASSWORD + " is empty");
        }
        authenticationMethod = string(options, AUTHENTICATION_METHOD, "simple");
        forceBindingLogin = bool(options, FORCE_BINDING_LOGIN, false, problems);
        userBaseDn = dn(options, USER_BASE_DN, "", problems);
        userRdnAttribute = attribute(options, USER_RDN_ATTRIBUTE, "uid", problems);
        userIdAttribute = attribute(options, USER_ID_ATTRIBUTE, "cn", problems);
        userPasswordAttribute = attribute(options, USER_PASSWORD_ATTRIBUTE, "userPassword", problems);
        userObjectClass = string(options, USER_OBJECT_CLASS, "inetOrgPerson");
        roleBaseDn = dn(options, ROLE_BASE_DN, null, problems);
        roleNameAttribute = attribute(options, ROLE_NAME_ATTRIBUTE, "roleName", problems);
        roleMemberAttribute = attribute(options, ROLE_MEMBER_ATTRIBUTE, "uniqueMember", problems);
        roleUsernameMemberAttribute = attribute(options, ROLE_USERNAME_MEMBER_ATTRIBUTE, null, problems);
        roleObjectClass = string(options, ROLE_OBJECT_CLASS, "groupOfUniqueNames");
        rolePrefix = string(options, ROLE_PREFIX, null);
        cacheDurationMillis = number(options, CACHE_DURATION_MILLIS, problems);
        supplementalRoles = list(string(options, SUPPLEMENTAL_ROLES, null));
        nestedGroups = bool(options, NESTED_GROUPS, false, problems);
        timeoutRead = number(options, TIMEOUT_READ, problems);
        timeoutConnect = number(options, TIMEOUT_CONNECT, problems);
        error = problems.isEmpty() ? null : String.join("; ", problems);
    }

    static LdapOptions parse(Map<String, ?> options) {
        return new LdapOptions(options == null ? Map.of() : options);
    }

    /** A description of what is wrong with the options, or {@code null} when they are usable. */
    String error() {
        return error;
    }

    /**
     * What identifies the directory and the lookups, for the login cache: two modules configured differently
     * must not share cached logins. The bind password is left out (it does not change who a user is).
     */
    String fingerprint() {
        return String.join("\u0000", providerUrl, String.valueOf(bindDn), authenticationMethod,
                String.valueOf(forceBindingLogin), userBaseDn, userIdAttribute, userPasswordAttribute, userObjectClass,
                String.valueOf(roleBaseDn), roleNameAttribute, roleMemberAttribute, String.valueOf(roleUsernameMemberAttribute),
                roleObjectClass, String.valueOf(rolePrefix), String.join(",", supplementalRoles), String.valueOf(nestedGroups));
    }

    private static String string(Map<String, ?> options, String key, String defaultValue) {
        Object value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? defaultValue : text;
    }

    /** Like {@link #string} but without trimming: spaces may be part of a password. */
    private static String secret(Map<String, ?> options, String key) {
        Object value = options.get(key);
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static String attribute(Map<String, ?> options, String key, String defaultValue, List<String> problems) {
        String value = string(options, key, defaultValue);
        if (value != null && !ATTRIBUTE.matcher(value).matches()) {
            problems.add("option " + key + " has '" + value + "', which is not an LDAP attribute name");
            return defaultValue;
        }
        return value;
    }

    private static String dn(Map<String, ?> options, String key, String defaultValue, List<String> problems) {
        String value = string(options, key, defaultValue);
        if (value != null) {
            try {
                new LdapName(value);
            } catch (InvalidNameException | IllegalArgumentException e) {
                problems.add("option " + key + " has '" + value + "', which is not a DN");
                return defaultValue;
            }
        }
        return value;
    }

    private static boolean bool(Map<String, ?> options, String key, boolean defaultValue, List<String> problems) {
        String value = string(options, key, null);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        problems.add("option " + key + " must be true or false, not '" + value + "'");
        return defaultValue;
    }

    private static long number(Map<String, ?> options, String key, List<String> problems) {
        String value = string(options, key, null);
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                problems.add("option " + key + " must not be negative, not '" + value + "'");
                return 0;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add("option " + key + " must be a number of milliseconds, not '" + value + "'");
            return 0;
        }
    }

    private static Set<String> list(String value) {
        if (value == null) {
            return Set.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return Collections.unmodifiableSet(items);
    }
}
