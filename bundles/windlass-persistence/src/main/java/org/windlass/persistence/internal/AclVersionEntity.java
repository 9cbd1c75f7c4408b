package org.windlass.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** The one row whose version moves on at every change of the access control policies. */
@Entity
@Table(name = "wl_acl_version")
public class AclVersionEntity {

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "version", nullable = false)
    private long version;

    @Column(name = "seeded", nullable = false)
    private boolean seeded;

    protected AclVersionEntity() {
    }

    long version() {
        return version;
    }

    void bump() {
        version++;
    }

    boolean seeded() {
        return seeded;
    }

    void markSeeded() {
        seeded = true;
    }
}
