/**
 * Key storage: private keys, public keys and passwords under {@code keys/}, encrypted at rest in
 * the cluster database.
 */
@Version("1.0.0")
package org.windlass.api.storage;

import org.osgi.annotation.versioning.Version;
