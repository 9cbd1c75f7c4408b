package org.windlass.persistence.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/** A user's membership of a group. */
@Entity
@Table(name = "wl_user_group")
@IdClass(UserGroupEntity.Key.class)
public class UserGroupEntity {

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String username;
        public String groupName;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(username, k.username) && Objects.equals(groupName, k.groupName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(username, groupName);
        }
    }

    @Id
    @Column(name = "username", length = 255)
    private String username;

    @Id
    @Column(name = "group_name", length = 255)
    private String groupName;

    protected UserGroupEntity() {
    }

    UserGroupEntity(String username, String groupName) {
        this.username = username;
        this.groupName = groupName;
    }
}
