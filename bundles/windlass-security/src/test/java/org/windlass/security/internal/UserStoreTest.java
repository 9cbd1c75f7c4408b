package org.windlass.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    @TempDir
    Path dir;

    private Path realm() {
        return dir.resolve("etc/windlass-realm.properties");
    }

    private Path data() {
        return dir.resolve("data/windlass");
    }

    @Test
    void firstStartGeneratesAPasswordWritesItOnceWithMode600AndStoresOnlyAHash() throws Exception {
        UserStore store = new UserStore(realm(), data(), "admin", null);
        Path initial = data().resolve(UserStore.INITIAL_PASSWORD_FILE);
        String password = Files.readString(initial).strip();
        assertEquals(24, password.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(initial)));
        String realmText = Files.readString(realm());
        assertFalse(realmText.contains(password), "the realm file must not hold the password");
        assertTrue(realmText.contains("admin: BCRYPT:$2a$"), realmText);
        assertEquals(Set.of("admin"), store.check("admin", password.toCharArray()).orElseThrow());
        assertTrue(store.check("admin", "wrong".toCharArray()).isEmpty());
        assertTrue(store.check("karaf", "karaf".toCharArray()).isEmpty());

        // a restart neither regenerates nor rewrites it
        Files.delete(initial);
        UserStore again = new UserStore(realm(), data(), "admin", null);
        assertFalse(Files.exists(initial));
        assertTrue(again.check("admin", password.toCharArray()).isPresent());
    }

    @Test
    void configuredPasswordWinsAndRemovesTheStaleGeneratedFile() throws Exception {
        new UserStore(realm(), data(), "admin", null);
        Path initial = data().resolve(UserStore.INITIAL_PASSWORD_FILE);
        String generated = Files.readString(initial).strip();
        UserStore store = new UserStore(realm(), data(), "admin", "s3cret-Configured");
        assertTrue(store.check("admin", "s3cret-Configured".toCharArray()).isPresent());
        assertTrue(store.check("admin", generated.toCharArray()).isEmpty());
        assertFalse(Files.exists(initial));
        assertFalse(Files.readString(realm()).contains("s3cret-Configured"));
    }

    @Test
    void otherLinesAndUsersOfTheRealmFileAreKept() throws Exception {
        Files.createDirectories(realm().getParent());
        Files.writeString(realm(), "# operators\nalice: MD5:5f4dcc3b5aa765d61d8327deb882cf99,user,ops\nbob=plainpw,user\n");
        UserStore store = new UserStore(realm(), data(), "admin", "x-Admin-1");
        String text = Files.readString(realm());
        assertTrue(text.startsWith("# operators\nalice: MD5:"), text);
        assertEquals(Set.of("user", "ops"), store.check("alice", "password".toCharArray()).orElseThrow());
        assertEquals(Set.of("user"), store.check("bob", "plainpw".toCharArray()).orElseThrow());
        assertTrue(store.check("bob", "plainpx".toCharArray()).isEmpty());
        assertTrue(store.check("admin", "x-Admin-1".toCharArray()).isPresent());
    }

    @Test
    void handEditsOfTheRealmFileApplyWithoutRestart() throws Exception {
        UserStore store = new UserStore(realm(), data(), "admin", "x-Admin-1");
        assertTrue(store.check("carol", "pw-carol".toCharArray()).isEmpty());
        Files.writeString(realm(), Files.readString(realm()) + "carol: " + Passwords.hash("pw-carol".toCharArray()) + ",user\n");
        assertEquals(Set.of("user"), store.check("carol", "pw-carol".toCharArray()).orElseThrow());
    }

    @Test
    void theLegacyFormsOfImportedRealmFilesAreChecked() {
        // "password": the values Jetty's Password tool prints in its documentation; "blah": libc's crypt(3) and md5sum
        assertTrue(Passwords.matches("OBF:1v2j1uum1xtv1zej1zer1xtn1uvk1v1v", "password".toCharArray()));
        assertFalse(Passwords.matches("OBF:1v2j1uum1xtv1zej1zer1xtn1uvk1v1v", "passwore".toCharArray()));
        assertTrue(Passwords.matches("CRYPT:usjRS48E8ZADM", "password".toCharArray()));
        assertTrue(Passwords.matches("CRYPT:me/DjMjPzbKG.", "blah".toCharArray()));
        assertFalse(Passwords.matches("CRYPT:me/DjMjPzbKG.", "blahh".toCharArray()));
        assertTrue(Passwords.matches("MD5:5f4dcc3b5aa765d61d8327deb882cf99", "password".toCharArray()));
        assertTrue(Passwords.matches("MD5:6f1ed002ab5595859014ebf0951522d9", "blah".toCharArray()));
        // malformed values never log in, whatever is typed
        assertFalse(Passwords.matches("CRYPT:a", "CRYPT:a".toCharArray()));
        assertFalse(Passwords.matches("OBF:zz", "OBF:zz".toCharArray()));
        assertFalse(Passwords.matches("OBF:!!!!", "".toCharArray()));
        assertTrue(Passwords.matches(Passwords.hash("pw".toCharArray()), "pw".toCharArray()));
    }
}
