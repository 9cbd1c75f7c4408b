package org.windlass.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.junit.jupiter.api.Test;
import org.windlass.api.security.UserRepository;
import org.windlass.api.security.UserService;

/** Users with bcrypt passwords, validation, and the realm's module list. */
class DbUserServiceTest {

    /** Users in memory with the repository's semantics. */
    static final class Table implements UserRepository {
        final Map<String, StoredUser> users = new ConcurrentHashMap<>();

        @Override
        public List<StoredUser> list() {
            return new ArrayList<>(users.values());
        }

        @Override
        public Optional<StoredUser> find(String name) {
            return Optional.ofNullable(users.get(name));
        }

        @Override
        public boolean create(StoredUser user) {
            return users.putIfAbsent(user.name(), user) == null;
        }

        @Override
        public boolean update(StoredUser user) {
            return users.replace(user.name(), user) != null;
        }

        @Override
        public boolean delete(String name) {
            return users.remove(name) != null;
        }

        @Override
        public List<StoredGroup> groups() {
            return List.of();
        }

        @Override
        public boolean createGroup(String name, String description) {
            return true;
        }

        @Override
        public boolean deleteGroup(String name) {
            return true;
        }
    }

    private final Table table = new Table();
    private final DbUserService users = new DbUserService(table);

    @Test
    void passwordsAreStoredAsBcryptAndCheckedAndNeverShown() {
        UserService.User u = users.create("carol", "Carol-pw-1234".toCharArray(), Set.of("ops"), " c@x.org ", null, "");
        assertEquals(new UserService.User("carol", "c@x.org", null, null, true, Set.of("ops")), u);
        assertTrue(table.users.get("carol").passwordHash().startsWith("BCRYPT:$2a$"));
        assertEquals(Optional.of(Set.of("ops")), users.authenticate("carol", "Carol-pw-1234".toCharArray()));
        assertTrue(users.authenticate("carol", "wrong-pw-123".toCharArray()).isEmpty());
        assertTrue(users.authenticate("nobody", "Carol-pw-1234".toCharArray()).isEmpty());
        assertTrue(users.authenticate("carol", new char[0]).isEmpty());
        users.update("carol", null, null, null, null, false);
        assertTrue(users.authenticate("carol", "Carol-pw-1234".toCharArray()).isEmpty(), "disabled");
        users.update("carol", Set.of("admin"), null, null, null, true);
        assertEquals(Optional.of(Set.of("admin")), users.authenticate("carol", "Carol-pw-1234".toCharArray()));
        users.setPassword("carol", "Carol-pw-5678".toCharArray());
        assertTrue(users.authenticate("carol", "Carol-pw-1234".toCharArray()).isEmpty());
        assertTrue(users.authenticate("carol", "Carol-pw-5678".toCharArray()).isPresent());
        assertThrows(NoSuchElementException.class, () -> users.setPassword("nobody", "Some-pw-1234".toCharArray()));
    }

    @Test
    void badNamesShortPasswordsAndDuplicatesAreRefusedWithTheProblemNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> users.create("a b", "Long-enough-1".toCharArray(), Set.of(), null, null, null));
        assertTrue(e.getMessage().startsWith("user name 'a b'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> users.create("ok", "short".toCharArray(), Set.of(), null, null, null));
        assertEquals("the password must have at least 8 characters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> users.create("ok", "Long-enough-1".toCharArray(), Set.of("bad,group"), null, null, null));
        assertTrue(e.getMessage().startsWith("group name 'bad,group'"), e.getMessage());
        users.create("ok", "Long-enough-1".toCharArray(), Set.of(), null, null, null);
        assertThrows(IllegalStateException.class, () -> users.create("ok", "Long-enough-2".toCharArray(), Set.of(), null, null, null));
        assertEquals(1, table.users.size());
    }

    @Test
    void theRealmModulesAreReadWithTheirFlagsAndAMistakeLocksNobodyOut() {
        assertEquals(List.of(new WindlassRealm.Module("file", LoginModuleControlFlag.SUFFICIENT),
                new WindlassRealm.Module("database", LoginModuleControlFlag.SUFFICIENT),
                new WindlassRealm.Module("ldap", LoginModuleControlFlag.REQUIRED)), WindlassRealm.modules("file, database:sufficient, LDAP:required"));
        assertEquals(List.of(new WindlassRealm.Module("database", LoginModuleControlFlag.OPTIONAL)),
                WindlassRealm.modules("kerberos:sufficient, database:optional, file:maybe"));
        assertEquals(List.of(new WindlassRealm.Module("file", LoginModuleControlFlag.REQUIRED)), WindlassRealm.modules(" , nope"));
        assertFalse(WindlassRealm.modules("").isEmpty());
    }
}
