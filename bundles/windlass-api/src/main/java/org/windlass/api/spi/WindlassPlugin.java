package org.windlass.api.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks a DS component as a Windlass plugin; sets the service properties
 * {@code windlass.plugin.type} and {@code windlass.plugin.name}.
 *
 * <pre>{@code
 * @Component(service = NodeSource.class)
 * @WindlassPlugin(type = NodeSource.TYPE, name = "file")
 * public class FileNodeSource implements NodeSource { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WindlassPlugin {

    /** Prefix of the generated service properties. */
    String PREFIX_ = "windlass.plugin.";

    /** Service property: the SPI the plugin implements ({@link NodeSource#TYPE}, ...). */
    String TYPE = "windlass.plugin.type";

    /** Service property: the plugin's name, unique per type, as configuration refers to it. */
    String NAME = "windlass.plugin.name";

    /** @return the SPI type, one of the {@code TYPE} constants of the SPI interfaces */
    String type();

    /** @return the plugin name ({@code file}, {@code ssh}, {@code s3}, ...) */
    String name();
}
