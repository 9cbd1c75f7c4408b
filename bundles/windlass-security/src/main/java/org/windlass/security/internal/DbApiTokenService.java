package org.windlass.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.security.AccessDeniedException;
import org.windlass.api.security.ApiToken;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.CreatedToken;
import org.windlass.api.security.StoredToken;
import org.windlass.api.security.TokenRepository;

/**
 * API tokens in the cluster database, as SHA-256 hashes of their secrets, so that a token made
 * through one member works on every member. The secrets are 32 random characters (about 190
 * bits), so an unsalted fast hash is enough to make a stolen table useless.
 *
 * <p>The repository is optional and dynamic: while the database is away the service stays
 * registered and its calls fail with {@link StorageUnavailableException} (the API answers 503).
 */
@Component(service = ApiTokenService.class, configurationPid = SecurityConfig.PID)
public class DbApiTokenService implements ApiTokenService {

    private final Duration maxDuration;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile TokenRepository repository;

    @Activate
    public DbApiTokenService(SecurityConfig config) {
        this(null, parseMax(config.token_maxDuration()), Clock.systemUTC());
    }

    DbApiTokenService(TokenRepository repository, Duration maxDuration, Clock clock) {
        this.repository = repository;
        this.maxDuration = maxDuration;
        this.clock = clock;
    }

    private TokenRepository repo() {
        TokenRepository r = repository;
        if (r == null) {
            throw new StorageUnavailableException("API tokens are not available yet: the cluster database cannot be reached or its schema is being updated", null);
        }
        return r;
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
    public CreatedToken create(AuthenticatedUser creator, String user, Set<String> roles, Duration duration, String name) {
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
        if (tokenRoles.stream().anyMatch(r -> !r.matches("[A-Za-z0-9_.@-]+"))) {
            throw new IllegalArgumentException("invalid role in " + tokenRoles + ": use letters, digits, '_', '.', '@' or '-'");
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
        StoredToken stored = new StoredToken(UUID.randomUUID().toString(), Passwords.sha256Hex(secret), owner, creator.name(),
                name == null || name.isBlank() ? null : name.strip(), List.copyOf(tokenRoles),
                life == null ? null : now.plus(life), now);
        repo().insert(stored);
        return new CreatedToken(toApi(stored), secret);
    }

    @Override
    public Optional<ApiToken> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = Passwords.sha256Hex(secret.strip());
        long tick = System.nanoTime();
        Recent hit = recent.get(hash);
        if (hit != null && tick - hit.seenAt() < RECENT_NANOS) {
            return Optional.of(hit.token()).filter(t -> !t.isExpired(now));
        }
        Optional<ApiToken> found = repo().findByHash(hash).map(this::toApi);
        if (found.isPresent()) {
            if (recent.size() >= RECENT_MAX) {
                recent.clear();
            }
            recent.put(hash, new Recent(found.get(), tick));
        } else {
            recent.remove(hash);
        }
        return found.filter(t -> !t.isExpired(now));
    }

    /**
     * A token found in the database in the last second: a client polling an execution sends the
     * same token many times a second. Revoking through this member forgets it at once; a token
     * revoked through another member stops working here within a second.
     */
    private record Recent(ApiToken token, long seenAt) {
    }

    private static final long RECENT_NANOS = 1_000_000_000L;
    private static final int RECENT_MAX = 10_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Recent> recent = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public List<ApiToken> list(String user) {
        return repo().list(user).stream().map(this::toApi).toList();
    }

    @Override
    public Optional<ApiToken> get(String id) {
        return repo().findById(id).map(this::toApi);
    }

    @Override
    public boolean revoke(String id) {
        boolean deleted = repo().delete(id);
        recent.values().removeIf(r -> r.token().id().equals(id));
        return deleted;
    }

    private ApiToken toApi(StoredToken s) {
        return new ApiToken(s.id(), s.user(), s.creator(), s.name(), new LinkedHashSet<>(s.roles()), s.expiration());
    }
}
