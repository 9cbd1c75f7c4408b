package org.windlass.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.security.AccessDeniedException;
import org.windlass.api.security.ApiToken;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.CreatedToken;

class FileApiTokenServiceTest {

    @TempDir
    Path dir;

    private final AuthenticatedUser admin = new AuthenticatedUser("admin", Set.of("admin"), "password");
    private final AuthenticatedUser alice = new AuthenticatedUser("alice", Set.of("user", "ops"), "password");

    private FileApiTokenService service(Clock clock) {
        return new FileApiTokenService(dir.resolve("tokens.json"), Duration.ofDays(30), clock);
    }

    @Test
    void createdTokenAuthenticatesIsStoredHashedAndSurvivesARestart() throws Exception {
        FileApiTokenService s = service(Clock.systemUTC());
        CreatedToken created = s.create(alice, null, null, null, "ci");
        assertEquals("alice", created.token().user());
        assertEquals(Set.of("user", "ops"), created.token().roles());
        assertEquals(32, created.secret().length());
        assertFalse(Files.readString(dir.resolve("tokens.json")).contains(created.secret()));
        FileApiTokenService reloaded = service(Clock.systemUTC());
        ApiToken t = reloaded.authenticate(created.secret()).orElseThrow();
        assertEquals(created.token().id(), t.id());
        assertTrue(reloaded.authenticate(created.secret() + "x").isEmpty());
    }

    @Test
    void revokedAndExpiredTokensStopWorking() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        FileApiTokenService s = service(Clock.fixed(start, ZoneOffset.UTC));
        CreatedToken shortLived = s.create(alice, null, Set.of("user"), Duration.ofHours(1), null);
        CreatedToken revoked = s.create(alice, null, null, null, null);
        assertTrue(s.revoke(revoked.token().id()));
        assertFalse(s.revoke(revoked.token().id()));
        assertTrue(s.authenticate(revoked.secret()).isEmpty());
        FileApiTokenService later = service(Clock.fixed(start.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertTrue(later.authenticate(shortLived.secret()).isEmpty());
        assertTrue(later.list("alice").get(0).isExpired(start.plus(Duration.ofHours(2))));
    }

    @Test
    void rundecksRulesForWhoMayCreateWhat() {
        FileApiTokenService s = service(Clock.systemUTC());
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
    void aCorruptTokenFileIsAClearErrorAndIsNotOverwritten() throws Exception {
        Files.writeString(dir.resolve("tokens.json"), "{not json");
        Exception e = assertThrows(RuntimeException.class, () -> service(Clock.systemUTC()));
        assertTrue(e.getMessage().contains("tokens.json"), e.getMessage());
        assertEquals("{not json", Files.readString(dir.resolve("tokens.json")));
    }
}
