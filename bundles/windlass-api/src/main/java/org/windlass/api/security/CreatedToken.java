package org.windlass.api.security;

/**
 * A token just created, with its secret: the only time the secret is available.
 *
 * @param token  the token
 * @param secret the value clients send in {@code X-Rundeck-Auth-Token}
 */
public record CreatedToken(ApiToken token, String secret) {
}
