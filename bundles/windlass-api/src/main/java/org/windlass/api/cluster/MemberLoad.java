package org.windlass.api.cluster;

/**
 * A member's load as its last heartbeat reported it.
 *
 * @param running   executions running (or queued) on it
 * @param capacity  how many executions it runs at once
 * @param cpu       the system load average divided by the processors (1.0: every core busy), -1 when unknown
 * @param heapUsed  bytes of heap in use
 * @param heapMax   the heap's limit in bytes
 */
public record MemberLoad(int running, int capacity, double cpu, long heapUsed, long heapMax) {

    /** No heartbeat yet. */
    public static final MemberLoad NONE = new MemberLoad(0, 0, -1, 0, 0);

    /** @return running executions per execution slot, 0 when the capacity is unknown */
    public double threadRatio() {
        return capacity <= 0 ? 0 : (double) running / capacity;
    }
}
