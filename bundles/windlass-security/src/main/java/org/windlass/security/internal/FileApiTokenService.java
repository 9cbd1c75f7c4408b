package org.windlass.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.windlass.api.security.AccessDeniedException;
import org.windlass.api.security.ApiToken;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.CreatedToken;

/**
 * API tokens kept in a JSON file (mode 0600) as SHA-256 hashes of their secrets. The secrets are
 * 32 random characters (about 190 bits), so an unsalted fast hash is enough to make a stolen file
 * useless.
 */
@Component(service = ApiTokenService.class, configurationPid = SecurityConfig.PID)
public class FileApiTokenService implements ApiTokenService {

    /** What the file holds per token. */
    record Stored(String id, String hash, String user, String creator, String name, List<String> roles,
                  Long expiration, long created) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Duration maxDuration;
    private final Clock clock;
    private final Map<String, Stored> byId = new LinkedHashMap<>();

    @Activate
    public FileApiTokenService(BundleContext context, SecurityConfig config) {
        this(config.token_file().isBlank() ? Dirs.windlassData(context).resolve("tokens.json") : Path.of(config.token_file()),
                parseMax(config.token_maxDuration()), Clock.systemUTC());
    }

    FileApiTokenService(Path file, Duration maxDuration, Clock clock) {
        this.file = file;
        this.maxDuration = maxDuration;
        this.clock = clock;
        try {
            if (Files.exists(file)) {
                List<Stored> all = JSON.readValue(file.toFile(), new TypeReference<List<Stored>>() { });
                all.forEach(s -> byId.put(s.id(), s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API tokens in " + file + ": " + e.getMessage(), e);
        }
    }

    private static Duration parseMax(String text) {
        if (text == null || text.isBlank() || text.strip().equals("0")) {
            return null;
        }
        try {
            return ApiTokenService.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token.maxDuration in " + SecurityConfig.PID + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized CreatedToken create(AuthenticatedUser creator, String user, Set<String> roles, Duration duration, String name) {
        String owner = user == null || user.isBlank() ? creator.name() : user.strip();
        if (!owner.matches("[A-Za-z0-9_.@-]+")) {
            throw new IllegalArgumentException("invalid user name '" + owner + "'");
        }
        boolean self = owner.equals(creator.name());
        if (!self && !creator.isAdmin()) {
            throw new AccessDeniedException("user '" + creator.name() + "' may not create tokens for user '" + owner + "'");
        }
        Set<String> tokenRoles = new LinkedHashSet<>();
        if (roles != null) {
            roles.stream().map(String::strip).filter(r -> !r.isEmpty()).forEach(tokenRoles::add);
        }
        if (tokenRoles.isEmpty()) {
            if (!self) {
                throw new IllegalArgumentException("roles are required when creating a token for another user ('" + owner + "')");
            }
            tokenRoles.addAll(creator.roles());
        }
        if (!creator.isAdmin() && !creator.roles().containsAll(tokenRoles)) {
            Set<String> extra = new LinkedHashSet<>(tokenRoles);
            extra.removeAll(creator.roles());
            throw new AccessDeniedException("user '" + creator.name() + "' may not grant roles it does not have: " + extra);
        }
        Duration life = duration == null ? maxDuration : duration;
        if (life != null && (life.isNegative() || life.isZero())) {
            throw new IllegalArgumentException("token duration must be positive");
        }
        if (maxDuration != null && life.compareTo(maxDuration) > 0) {
            throw new IllegalArgumentException("token duration " + life.toDays() + "d exceeds the maximum "
                    + maxDuration.toDays() + "d (token.maxDuration in " + SecurityConfig.PID + ")");
        }
        Instant now = clock.instant();
        String secret = new String(Passwords.generate(32));
        Stored stored = new Stored(UUID.randomUUID().toString(), Passwords.sha256Hex(secret), owner, creator.name(),
                name == null || name.isBlank() ? null : name.strip(), List.copyOf(tokenRoles),
                life == null ? null : now.plus(life).toEpochMilli(), now.toEpochMilli());
        byId.put(stored.id(), stored);
        try {
            save();
        } catch (IOException e) {
            byId.remove(stored.id());
            throw new UncheckedIOException("cannot store the API token in " + file, e);
        }
        return new CreatedToken(toApi(stored), secret);
    }

    @Override
    public synchronized Optional<ApiToken> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String hash = Passwords.sha256Hex(secret.strip());
        Instant now = clock.instant();
        return byId.values().stream()
                .filter(s -> java.security.MessageDigest.isEqual(s.hash().getBytes(), hash.getBytes()))
                .map(this::toApi)
                .filter(t -> !t.isExpired(now))
                .findFirst();
    }

    @Override
    public synchronized List<ApiToken> list(String user) {
        List<ApiToken> out = new ArrayList<>();
        for (Stored s : byId.values()) {
            if (user == null || user.equals(s.user())) {
                out.add(toApi(s));
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<ApiToken> get(String id) {
        return Optional.ofNullable(byId.get(id)).map(this::toApi);
    }

    @Override
    public synchronized boolean revoke(String id) {
        Stored removed = byId.remove(id);
        if (removed == null) {
            return false;
        }
        try {
            save();
        } catch (IOException e) {
            byId.put(id, removed);
            throw new UncheckedIOException("cannot update the API tokens in " + file, e);
        }
        return true;
    }

    private ApiToken toApi(Stored s) {
        return new ApiToken(s.id(), s.user(), s.creator(), s.name(), new LinkedHashSet<>(s.roles()),
                s.expiration() == null ? null : Instant.ofEpochMilli(s.expiration()));
    }

    private void save() throws IOException {
        SecureFiles.writeAtomically(file, JSON.writeValueAsString(new ArrayList<>(byId.values())));
    }
}
