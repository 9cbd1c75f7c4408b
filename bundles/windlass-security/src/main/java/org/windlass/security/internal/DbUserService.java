package org.windlass.security.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.security.UserRepository;
import org.windlass.api.security.UserService;

/** Users and groups in the cluster database, passwords as bcrypt hashes. */
@Component(service = UserService.class)
public class DbUserService implements UserService {

    private static final Logger LOG = LoggerFactory.getLogger(DbUserService.class);
    /** User and group names: letters, digits and . _ @ - (no spaces, commas or colons, which the realm file syntax uses). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    static final int MIN_PASSWORD = 8;
    /** checked against when the user does not exist, so that a wrong name costs the same time as a wrong password */
    private static final String DUMMY_HASH = Passwords.hash("not-a-real-password".toCharArray());

    private final UserRepository repository;

    @Activate
    public DbUserService(@Reference UserRepository repository) {
        this.repository = repository;
    }

    private static String name(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' must be 1 to 128 letters, digits, '.', '_', '@' or '-'"
                    + " starting with a letter or digit");
        }
        return name;
    }

    private static Set<String> groups(Set<String> groups) {
        Set<String> out = new LinkedHashSet<>();
        if (groups != null) {
            for (String g : groups) {
                out.add(name(g == null ? null : g.strip(), "group"));
            }
        }
        return out;
    }

    private static String password(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD + " characters");
        }
        for (char c : password) {
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("the password must not contain control characters");
            }
        }
        String hash = Passwords.hash(password);
        Arrays.fill(password, '\0');
        return hash;
    }

    private static User view(UserRepository.StoredUser u) {
        return new User(u.name(), u.email(), u.firstName(), u.lastName(), u.enabled(), u.groups());
    }

    @Override
    public List<User> list() {
        return repository.list().stream().map(DbUserService::view).toList();
    }

    @Override
    public Optional<User> get(String name) {
        return repository.find(name).map(DbUserService::view);
    }

    @Override
    public User create(String name, char[] password, Set<String> groups, String email, String firstName, String lastName) {
        name(name, "user");
        Set<String> g = groups(groups);
        String hash = password(password);
        UserRepository.StoredUser u = new UserRepository.StoredUser(name, hash, blankToNull(email), blankToNull(firstName),
                blankToNull(lastName), true, g, null);
        if (!repository.create(u)) {
            throw new IllegalStateException("user " + name + " already exists");
        }
        LOG.info("User {} created with groups {}", name, g);
        return view(u);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private UserRepository.StoredUser require(String name) {
        return repository.find(name).orElseThrow(() -> new NoSuchElementException("no user " + name));
    }

    @Override
    public void setPassword(String name, char[] password) {
        UserRepository.StoredUser u = require(name);
        String hash = password(password);
        repository.update(new UserRepository.StoredUser(u.name(), hash, u.email(), u.firstName(), u.lastName(), u.enabled(), u.groups(), null));
        LOG.info("Password of user {} changed", name);
    }

    @Override
    public User update(String name, Set<String> groups, String email, String firstName, String lastName, Boolean enabled) {
        UserRepository.StoredUser u = require(name);
        UserRepository.StoredUser changed = new UserRepository.StoredUser(u.name(), u.passwordHash(),
                email == null ? u.email() : blankToNull(email), firstName == null ? u.firstName() : blankToNull(firstName),
                lastName == null ? u.lastName() : blankToNull(lastName), enabled == null ? u.enabled() : enabled,
                groups == null ? u.groups() : groups(groups), null);
        repository.update(changed);
        LOG.info("User {} changed: groups {}, {}", name, changed.groups(), changed.enabled() ? "enabled" : "disabled");
        return view(changed);
    }

    @Override
    public boolean delete(String name) {
        boolean removed = repository.delete(name);
        if (removed) {
            LOG.info("User {} deleted", name);
        }
        return removed;
    }

    @Override
    public List<Group> groups() {
        return repository.groups().stream().map(g -> new Group(g.name(), g.description(), g.members())).toList();
    }

    @Override
    public Group createGroup(String name, String description) {
        name(name, "group");
        if (!repository.createGroup(name, blankToNull(description))) {
            throw new IllegalStateException("group " + name + " already exists");
        }
        return new Group(name, blankToNull(description), 0);
    }

    @Override
    public boolean deleteGroup(String name) {
        return repository.deleteGroup(name);
    }

    @Override
    public Optional<Set<String>> authenticate(String name, char[] password) {
        if (name == null || password == null || password.length == 0) {
            return Optional.empty();
        }
        Optional<UserRepository.StoredUser> u = repository.find(name);
        if (u.isEmpty()) {
            Passwords.matches(DUMMY_HASH, password);
            return Optional.empty();
        }
        if (!Passwords.matches(u.get().passwordHash(), password) || !u.get().enabled()) {
            return Optional.empty();
        }
        return Optional.of(u.get().groups());
    }
}
