package org.windlass.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.windlass.api.security.AccessDeniedException;
import org.windlass.api.security.ApiToken;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.CreatedToken;

class DbApiTokenServiceTest {

    private final InMemoryTokens rows = new InMemoryTokens();

    private final AuthenticatedUser admin = new AuthenticatedUser("admin", Set.of("admin"), "password");
    private final AuthenticatedUser alice = new AuthenticatedUser("alice", Set.of("user", "ops"), "password");

    private DbApiTokenService service(Clock clock) {
        return new DbApiTokenService(rows, Duration.ofDays(30), clock);
    }

    @Test
    void createdTokenAuthenticatesIsStoredHashedAndSurvivesARestart() throws Exception {
        DbApiTokenService s = service(Clock.systemUTC());
        CreatedToken created = s.create(alice, null, null, null, "ci");
        assertEquals("alice", created.token().user());
        assertEquals(Set.of("user", "ops"), created.token().roles());
        assertEquals(32, created.secret().length());
        assertTrue(rows.rows.values().stream().noneMatch(t -> t.hash().contains(created.secret())), "only the hash is stored");
        DbApiTokenService reloaded = service(Clock.systemUTC());
        ApiToken t = reloaded.authenticate(created.secret()).orElseThrow();
        assertEquals(created.token().id(), t.id());
        assertTrue(reloaded.authenticate(created.secret() + "x").isEmpty());
    }

    @Test
    void revokedAndExpiredTokensStopWorking() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        DbApiTokenService s = service(Clock.fixed(start, ZoneOffset.UTC));
        CreatedToken shortLived = s.create(alice, null, Set.of("user"), Duration.ofHours(1), null);
        CreatedToken revoked = s.create(alice, null, null, null, null);
        assertTrue(s.authenticate(revoked.secret()).isPresent(), "checked once: remembered for a second");
        assertTrue(s.revoke(revoked.token().id()));
        assertFalse(s.revoke(revoked.token().id()));
        assertTrue(s.authenticate(revoked.secret()).isEmpty(), "revoking through this member forgets it at once");
        assertTrue(s.authenticate(shortLived.secret()).isPresent());
        DbApiTokenService later = service(Clock.fixed(start.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertTrue(later.authenticate(shortLived.secret()).isEmpty());
        assertTrue(later.list("alice").get(0).isExpired(start.plus(Duration.ofHours(2))));
    }

    @Test
    void rundecksRulesForWhoMayCreateWhat() {
        DbApiTokenService s = service(Clock.systemUTC());
        assertThrows(AccessDeniedException.class, () -> s.create(alice, "bob", Set.of("user"), null, null));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> s.create(alice, null, Set.of("admin"), null, null));
        assertTrue(e.getMessage().contains("admin"));
        IllegalArgumentException noRoles = assertThrows(IllegalArgumentException.class, () -> s.create(admin, "bob", null, null, null));
        assertTrue(noRoles.getMessage().contains("roles"));
        assertEquals("bob", s.create(admin, "bob", Set.of("deploy"), null, null).token().user());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> s.create(alice, null, null, Duration.ofDays(90), null));
        assertTrue(tooLong.getMessage().contains("maximum"));
    }

    @Test
    void withoutTheDatabaseTokensAreUnavailableNotSilentlyRefused() {
        DbApiTokenService s = new DbApiTokenService(null, Duration.ofDays(30), Clock.systemUTC());
        assertThrows(org.windlass.api.StorageUnavailableException.class, () -> s.authenticate("whatever"));
        assertThrows(org.windlass.api.StorageUnavailableException.class, () -> s.create(alice, null, null, null, null));
    }
}
