package org.windlass.api.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link NodeExecutor} streams a command's output, line by line, as it arrives.
 * Implemented by Windlass; thread-safe; never blocks for long (it spools to the log store).
 */
@ProviderType
public interface OutputSink {

    /** One line of standard output, without its line break. */
    void stdout(String line);

    /** One line of standard error, without its line break. */
    void stderr(String line);
}
