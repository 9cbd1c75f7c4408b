package org.windlass.rest.internal;

import java.util.Base64;
import java.util.regex.Pattern;

/** Checks a project's known_hosts document (OpenSSH format) before it is stored. */
final class KnownHostsText {

    private static final Pattern KEY_TYPE = Pattern.compile("^[a-z0-9][a-z0-9@._-]*$");

    private KnownHostsText() {
    }

    /** @throws ApiException (400) naming the line and what is wrong with it */
    static void check(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            int k = 0;
            if (f[0].startsWith("@")) {
                if (!f[0].equals("@revoked") && !f[0].equals("@cert-authority")) {
                    throw bad(i, "unknown marker " + f[0] + " (use @revoked or @cert-authority)");
                }
                k = 1;
            }
            if (f.length < k + 3) {
                throw bad(i, "expected host patterns, a key type and a base64 key");
            }
            if (!KEY_TYPE.matcher(f[k + 1]).matches()) {
                throw bad(i, "'" + f[k + 1] + "' is not a key type such as ssh-ed25519");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(f[k + 2]);
            } catch (IllegalArgumentException e) {
                throw bad(i, "the key is not base64");
            }
            // an SSH public key blob starts with its type: uint32 length, then the name
            String type = f[k + 1];
            int n = key.length >= 4 ? ((key[0] & 0xFF) << 24) | ((key[1] & 0xFF) << 16) | ((key[2] & 0xFF) << 8) | (key[3] & 0xFF) : -1;
            if (n != type.length() || key.length < 4 + n
                    || !new String(key, 4, n, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
                throw bad(i, "the key is not an SSH public key of type " + type);
            }
        }
    }

    private static ApiException bad(int index, String what) {
        return ApiException.badRequest("known_hosts line " + (index + 1) + ": " + what);
    }
}
