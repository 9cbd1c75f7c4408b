package org.windlass.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.storage.KeyInfo;
import org.windlass.api.storage.KeyListing;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.KeyRecord;
import org.windlass.api.storage.KeyRecordRepository;
import org.windlass.api.storage.KeyStorage;
import org.windlass.api.storage.KeyType;
import org.windlass.api.storage.MasterKeyRotation;
import org.windlass.api.storage.SecretAccessException;
import org.windlass.api.storage.SecretResolver;

/**
 * Key storage encrypted at rest: every entry's content is AES-256-GCM ciphertext under the
 * master key, with its path and type as associated data. The master key comes from the
 * environment variable {@code WINDLASS_MASTER_KEY}, else {@code master.key} in
 * {@code org.windlass.storage}, else the file {@code master.keyFile} (default
 * {@code ${karaf.data}/windlass/master.key}), generated on a member's first start. Every member of
 * a cluster must use the same master key.
 */
@Component(service = {KeyStorage.class, SecretResolver.class, MasterKeyRotation.class}, configurationPid = EncryptedKeyStorage.PID)
@Designate(ocd = EncryptedKeyStorage.Config.class)
public class EncryptedKeyStorage implements KeyStorage, SecretResolver, MasterKeyRotation {

    static final String PID = "org.windlass.storage";
    static final String ENV_MASTER_KEY = "WINDLASS_MASTER_KEY";

    @ObjectClassDefinition(name = "Windlass key storage")
    public @interface Config {
        @AttributeDefinition(description = "The master key, base64 of 32 bytes; WINDLASS_MASTER_KEY wins over it", type = AttributeType.PASSWORD, required = false)
        String master_key() default "";

        @AttributeDefinition(description = "File holding the master key (base64); default ${karaf.data}/windlass/master.key, generated when absent", required = false)
        String master_keyFile() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(EncryptedKeyStorage.class);

    private final KeyRecordRepository records;
    private final Path keyFile;
    private final boolean keyFromFile;
    private final Map<String, MasterKeys.Key> known = new ConcurrentHashMap<>();
    private volatile MasterKeys.Key current;

    @Activate
    public EncryptedKeyStorage(BundleContext context, @Reference KeyRecordRepository records, Config config) {
        this(records, System.getenv(ENV_MASTER_KEY), config.master_key(),
                config.master_keyFile().isBlank() ? dataDir(context).resolve("master.key") : Path.of(config.master_keyFile()));
    }

    EncryptedKeyStorage(KeyRecordRepository records, String envKey, String configKey, Path keyFile) {
        this.records = records;
        this.keyFile = keyFile;
        try {
            if (envKey != null && !envKey.isBlank()) {
                current = MasterKeys.parse(envKey, "the environment variable " + ENV_MASTER_KEY);
                keyFromFile = false;
            } else if (configKey != null && !configKey.isBlank()) {
                current = MasterKeys.parse(configKey, "master.key in " + PID);
                keyFromFile = false;
            } else {
                keyFromFile = true;
                if (Files.exists(keyFile)) {
                    current = MasterKeys.read(keyFile);
                } else {
                    current = MasterKeys.generate();
                    MasterKeys.write(keyFile, current);
                    LOG.info("Generated the key storage master key {} in {} (mode 0600). Every member of a cluster needs the same key: copy this file, or set {}",
                            current.id(), keyFile, ENV_MASTER_KEY);
                }
            }
            known.put(current.id(), current);
            // a re-encryption interrupted after its commit leaves the new key here: keep it usable
            Path pending = pendingFile(keyFile);
            if (Files.exists(pending)) {
                MasterKeys.Key k = MasterKeys.read(pending);
                known.put(k.id(), k);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the master key file " + keyFile, e);
        }
    }

    private static Path dataDir(BundleContext context) {
        String data = context.getProperty("karaf.data");
        return data == null ? context.getDataFile("").toPath() : Path.of(data, "windlass");
    }

    private static Path pendingFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".new");
    }

    @Override
    public Optional<KeyInfo> info(String path) {
        return records.find(KeyPaths.normalise(path, true)).map(KeyRecord::info);
    }

    @Override
    public KeyListing list(String path) {
        String dir = KeyPaths.normalise(path, false);
        TreeSet<String> dirs = new TreeSet<>();
        List<KeyInfo> keys = new ArrayList<>();
        for (KeyRecord r : records.listBelow(dir)) {
            String rest = r.path().substring(dir.length() + 1);
            int slash = rest.indexOf('/');
            if (slash < 0) {
                keys.add(r.info());
            } else {
                dirs.add(dir + "/" + rest.substring(0, slash));
            }
        }
        return new KeyListing(dir, new ArrayList<>(dirs), keys);
    }

    @Override
    public KeyInfo create(String path, KeyType type, byte[] content) {
        String p = KeyPaths.normalise(path, true);
        KeyRecord record = seal(p, type, content, Instant.now(), Instant.now());
        records.insert(record);
        LOG.info("Key storage: created {} ({})", p, type.rundeckName());
        return record.info();
    }

    @Override
    public KeyInfo update(String path, KeyType type, byte[] content) {
        String p = KeyPaths.normalise(path, true);
        KeyRecord existing = records.find(p).orElseThrow(() -> new KeyNotFoundException(p));
        KeyRecord record = seal(p, type, content, existing.created(), Instant.now());
        records.update(record);
        LOG.info("Key storage: updated {} ({})", p, type.rundeckName());
        return record.info();
    }

    @Override
    public void delete(String path) {
        String p = KeyPaths.normalise(path, true);
        if (!records.delete(p)) {
            throw new KeyNotFoundException(p);
        }
        LOG.info("Key storage: deleted {}", p);
    }

    @Override
    public byte[] readPublicKey(String path) {
        String p = KeyPaths.normalise(path, true);
        KeyRecord r = records.find(p).orElseThrow(() -> new KeyNotFoundException(p));
        if (r.type().isSecret()) {
            throw new SecretAccessException(p, r.type());
        }
        return open(r);
    }

    @Override
    public byte[] read(String path) {
        String p = KeyPaths.normalise(path, true);
        return open(records.find(p).orElseThrow(() -> new KeyNotFoundException(p)));
    }

    @Override
    public String currentKeyId() {
        return current.id();
    }

    @Override
    public synchronized Result reencrypt(Path targetFile) {
        Path file = targetFile != null ? targetFile : (keyFromFile ? keyFile : null);
        if (file == null) {
            throw new IllegalArgumentException("this member's master key comes from " + ENV_MASTER_KEY + " or master.key: "
                    + "name the file to write the new key to");
        }
        MasterKeys.Key old = current;
        MasterKeys.Key next = MasterKeys.generate();
        Path pending = pendingFile(file);
        try {
            MasterKeys.write(pending, next);
            known.put(next.id(), next);
            int count = records.rewriteAll(r -> {
                byte[] plain = open(r);
                try {
                    return new KeyRecord(r.path(), r.type(), Aead.encrypt(next.secret(), plain, aad(r.path(), r.type())),
                            next.id(), r.size(), r.created(), r.modified());
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            });
            Files.move(pending, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            current = next;
            LOG.info("Key storage: re-encrypted {} entries from master key {} to {}; the new key is in {}", count, old.id(), next.id(), file);
            return new Result(count, old.id(), next.id(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the new master key to " + file, e);
        } catch (RuntimeException e) {
            known.remove(next.id());
            try {
                Files.deleteIfExists(pending);
            } catch (IOException ignored) {
                // the rewrite failed; a stale .new file holds a key nothing is encrypted with
            }
            throw e;
        }
    }

    private KeyRecord seal(String path, KeyType type, byte[] content, Instant created, Instant modified) {
        if (type == null) {
            throw new IllegalArgumentException("the key type is required");
        }
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("the content of " + path + " is empty");
        }
        if (content.length > MAX_CONTENT) {
            throw new IllegalArgumentException("the content of " + path + " is " + content.length + " bytes; the limit is " + MAX_CONTENT);
        }
        MasterKeys.Key key = current;
        return new KeyRecord(path, type, Aead.encrypt(key.secret(), content, aad(path, type)), key.id(), content.length, created, modified);
    }

    private byte[] open(KeyRecord r) {
        MasterKeys.Key key = known.get(r.masterKeyId());
        if (key == null) {
            throw new IllegalStateException("key storage entry " + r.path() + " is encrypted with master key " + r.masterKeyId()
                    + " but this member has master key " + current.id() + ": install the master key the cluster uses");
        }
        try {
            return Aead.decrypt(key.secret(), r.ciphertext(), aad(r.path(), r.type()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key storage entry " + r.path() + " does not decrypt under master key " + key.id()
                    + ": it was altered in the database", e);
        }
    }

    static String aad(String path, KeyType type) {
        return "windlass-key:v1:" + type.rundeckName() + ":" + path;
    }
}
