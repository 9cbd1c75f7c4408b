package org.windlass.persistence.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.windlass.api.ExecutionMode;
import org.windlass.api.cluster.MemberLoad;
import org.windlass.api.cluster.MemberRepository;

/** A cluster member's row; times are the database's clock in epoch milliseconds. */
@Entity
@Table(name = "wl_member")
public class MemberEntity {

    @Id
    @Column(name = "uuid", length = 64)
    private String uuid;

    @Column(name = "member_name", length = 255, nullable = false)
    private String name;

    @Column(name = "url", length = 1024)
    private String url;

    @Column(name = "version", length = 64)
    private String version;

    @Column(name = "tags", length = 1024, nullable = false)
    private String tags;

    @Column(name = "execution_mode", length = 16, nullable = false)
    private String executionMode;

    @Column(name = "incarnation", nullable = false)
    private long incarnation;

    @Column(name = "registered_at", nullable = false)
    private long registeredAt;

    @Column(name = "last_heartbeat", nullable = false)
    private long lastHeartbeat;

    @Column(name = "dead_at")
    private Long deadAt;

    @Column(name = "dead_reason", length = 1024)
    private String deadReason;

    @Column(name = "running", nullable = false)
    private int running;

    @Column(name = "capacity", nullable = false)
    private int capacity;

    @Column(name = "cpu", nullable = false)
    private double cpu;

    @Column(name = "heap_used", nullable = false)
    private long heapUsed;

    @Column(name = "heap_max", nullable = false)
    private long heapMax;

    @Column(name = "takeover_policy", length = 32, nullable = false)
    private String takeoverPolicy;

    @Column(name = "takeover_allowed", length = 1024)
    private String takeoverAllowed;

    protected MemberEntity() {
    }

    MemberEntity(String uuid, ExecutionMode initialMode) {
        this.uuid = uuid;
        this.executionMode = initialMode.name().toLowerCase(java.util.Locale.ROOT);
    }

    void register(MemberRepository.Registration r, long now) {
        this.name = ExecutionEntity.clip(r.name(), 255);
        this.url = ExecutionEntity.clip(r.url(), 1024);
        this.version = ExecutionEntity.clip(r.version(), 64);
        this.tags = ExecutionEntity.clip(String.join(",", r.tags()), 1024);
        this.incarnation = Math.max(incarnation + 1, now);
        this.registeredAt = now;
        this.lastHeartbeat = now;
        this.deadAt = null;
        this.deadReason = null;
        this.takeoverPolicy = r.takeoverPolicy() == null ? "None" : r.takeoverPolicy();
        this.takeoverAllowed = ExecutionEntity.clip(r.takeoverAllowed(), 1024);
        load(MemberLoad.NONE);
    }

    void load(MemberLoad l) {
        this.running = l.running();
        this.capacity = l.capacity();
        this.cpu = l.cpu();
        this.heapUsed = l.heapUsed();
        this.heapMax = l.heapMax();
    }

    void setMode(ExecutionMode mode) {
        this.executionMode = mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    MemberRepository.Row toRow() {
        Set<String> t = new LinkedHashSet<>();
        if (tags != null && !tags.isBlank()) {
            Arrays.stream(tags.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(t::add);
        }
        return new MemberRepository.Row(uuid, name, url, version, t,
                ExecutionMode.valueOf(executionMode.toUpperCase(java.util.Locale.ROOT)), incarnation,
                Instant.ofEpochMilli(registeredAt), Instant.ofEpochMilli(lastHeartbeat),
                deadAt == null ? null : Instant.ofEpochMilli(deadAt), deadReason,
                new MemberLoad(running, capacity, cpu, heapUsed, heapMax), takeoverPolicy, takeoverAllowed);
    }
}
