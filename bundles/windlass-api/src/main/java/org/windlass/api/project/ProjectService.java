package org.windlass.api.project;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.windlass.api.Project;

/**
 * Projects, their properties (Rundeck's {@code project.properties}: {@code project.label},
 * {@code project.description}, {@code resources.source.N.*}, ...) and their files ({@code readme.md},
 * {@code motd.md}), in the cluster database: a change made through one member is seen by every
 * member at once.
 *
 * <p>Thread-safe. Every method either completes its whole change or changes nothing. Bad input
 * throws {@link IllegalArgumentException} naming the value; a missing project
 * {@link ProjectNotFoundException}; a database that cannot be reached
 * {@link org.windlass.api.StorageUnavailableException}.
 */
@ProviderType
public interface ProjectService {

    /**
     * Project files Windlass knows: Rundeck's readme.md and motd.md, and known_hosts (OpenSSH
     * format), the host keys the SSH node executor trusts for the project's nodes.
     */
    List<String> FILE_NAMES = List.of("readme.md", "motd.md", "known_hosts");

    /** @return every project, by name */
    List<Project> list();

    /** @return the project, when it exists */
    Optional<Project> get(String name);

    /**
     * Creates a project.
     *
     * @throws ProjectExistsException when a project of that name exists
     */
    Project create(String name, Map<String, String> properties);

    /** Deletes a project with its properties and files. */
    void delete(String name);

    /** Replaces all properties of a project. */
    Project replaceProperties(String name, Map<String, String> properties);

    /** Sets one property. */
    Project setProperty(String name, String key, String value);

    /** Removes one property; removing an absent key changes nothing. */
    Project removeProperty(String name, String key);

    /** @return a project file's text, when it exists */
    Optional<String> readFile(String project, String fileName);

    /** Writes a project file. */
    void writeFile(String project, String fileName, String content);

    /** Deletes a project file; returns whether one existed. */
    boolean deleteFile(String project, String fileName);
}
