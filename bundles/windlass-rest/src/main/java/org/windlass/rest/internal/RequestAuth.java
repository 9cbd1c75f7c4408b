package org.windlass.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.Authenticator;

/**
 * Works out who a request comes from: an API token ({@code X-Rundeck-Auth-Token} or
 * {@code authtoken}), HTTP Basic, or the session of a form login, in that order. A token or Basic
 * credentials that are present but wrong fail the request; they never fall back to a session.
 */
final class RequestAuth {

    static final String TOKEN_HEADER = "X-Rundeck-Auth-Token";
    static final String SESSION_USER = "windlass.user";
    static final String REQUEST_USER = "windlass.user";

    /** The outcome: a user, or the reason there is none. */
    record Result(AuthenticatedUser user, String failure) {
        static Result ok(AuthenticatedUser user) {
            return new Result(user, null);
        }

        static Result fail(String why) {
            return new Result(null, why);
        }
    }

    private RequestAuth() {
    }

    static Result authenticate(HttpServletRequest request, Authenticator authenticator, ApiTokenService tokens) {
        String token = request.getHeader(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            token = request.getParameter("authtoken");
        }
        if (token != null && !token.isBlank()) {
            return tokens.authenticate(token)
                    .map(t -> Result.ok(new AuthenticatedUser(t.user(), t.roles(), "token")))
                    .orElse(Result.fail("the API token is unknown, revoked or expired"));
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Result.fail("the Basic credentials are not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 1) {
                return Result.fail("the Basic credentials must be user:password");
            }
            Optional<AuthenticatedUser> user = authenticator.login(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(),
                    request.getRemoteAddr());
            return user.map(u -> Result.ok(new AuthenticatedUser(u.name(), u.roles(), "basic")))
                    .orElse(Result.fail("wrong user name or password"));
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_USER) instanceof AuthenticatedUser user) {
            return Result.ok(user);
        }
        return Result.fail("authentication required: send an X-Rundeck-Auth-Token header, Basic credentials or a session cookie");
    }
}
