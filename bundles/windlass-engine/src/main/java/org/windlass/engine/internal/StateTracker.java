package org.windlass.engine.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.windlass.api.execution.WorkflowState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The live per-step, per-node state of one execution. Thread-safe. */
final class StateTracker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> targetNodes = new ArrayList<>();
    private final Map<String, StepEntry> steps = new LinkedHashMap<>();
    private volatile boolean dirty;

    private static final class StepEntry {
        final String ctx;
        final String description;
        final boolean nodeStep;
        final Map<String, WorkflowState.NodeState> nodes = new LinkedHashMap<>();
        Instant started;
        Instant ended;
        String workflowState;

        StepEntry(String ctx, String description, boolean nodeStep) {
            this.ctx = ctx;
            this.description = description;
            this.nodeStep = nodeStep;
        }
    }

    synchronized void targets(List<String> nodes) {
        targetNodes.clear();
        targetNodes.addAll(nodes);
        dirty = true;
    }

    synchronized void declare(String ctx, String description, boolean nodeStep) {
        steps.computeIfAbsent(ctx, c -> new StepEntry(c, description, nodeStep));
        dirty = true;
    }

    synchronized void nodeStarted(String ctx, String node) {
        StepEntry s = steps.computeIfAbsent(ctx, c -> new StepEntry(c, null, node != null));
        Instant now = Instant.now();
        if (s.started == null) {
            s.started = now;
        }
        s.nodes.put(node == null ? "" : node, new WorkflowState.NodeState("RUNNING", now, null, null, null));
        dirty = true;
    }

    synchronized void nodeEnded(String ctx, String node, String state, Integer exit, String message) {
        StepEntry s = steps.computeIfAbsent(ctx, c -> new StepEntry(c, null, node != null));
        String key = node == null ? "" : node;
        WorkflowState.NodeState before = s.nodes.get(key);
        Instant now = Instant.now();
        s.nodes.put(key, new WorkflowState.NodeState(state, before == null ? now : before.started(), now, exit, message));
        s.ended = now;
        dirty = true;
    }

    /** @return whether it changed since the last call */
    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    synchronized WorkflowState snapshot() {
        List<WorkflowState.Step> out = new ArrayList<>();
        for (StepEntry s : steps.values()) {
            out.add(new WorkflowState.Step(s.ctx, s.description, s.nodeStep, stepState(s), s.started,
                    s.nodes.values().stream().anyMatch(n -> n.ended() == null) ? null : s.ended, s.nodes));
        }
        return new WorkflowState(targetNodes, out);
    }

    private static String stepState(StepEntry s) {
        if (s.nodes.isEmpty()) {
            return "WAITING";
        }
        boolean running = false;
        boolean failed = false;
        boolean ok = false;
        for (WorkflowState.NodeState n : s.nodes.values()) {
            switch (n.state()) {
                case "RUNNING" -> running = true;
                case "SUCCEEDED" -> ok = true;
                default -> failed = true;
            }
        }
        if (running) {
            return "RUNNING";
        }
        return failed ? (ok ? "NODE_PARTIAL" : "FAILED") : "SUCCEEDED";
    }

    static String toJson(WorkflowState state) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode targets = root.putArray("targetNodes");
        state.targetNodes().forEach(targets::add);
        ArrayNode steps = root.putArray("steps");
        for (WorkflowState.Step s : state.steps()) {
            ObjectNode o = steps.addObject();
            o.put("stepctx", s.stepctx()).put("description", s.description()).put("nodeStep", s.nodeStep())
                    .put("state", s.state());
            putTime(o, "started", s.started());
            putTime(o, "ended", s.ended());
            ObjectNode nodes = o.putObject("nodes");
            s.nodes().forEach((name, n) -> {
                ObjectNode no = nodes.putObject(name);
                no.put("state", n.state());
                putTime(no, "started", n.started());
                putTime(no, "ended", n.ended());
                if (n.exitCode() != null) {
                    no.put("exitCode", n.exitCode());
                }
                if (n.message() != null) {
                    no.put("message", n.message());
                }
            });
        }
        return root.toString();
    }

    private static void putTime(ObjectNode o, String key, Instant t) {
        if (t != null) {
            o.put(key, t.toEpochMilli());
        }
    }

    private static Instant time(JsonNode o, String key) {
        return o.hasNonNull(key) ? Instant.ofEpochMilli(o.get(key).asLong()) : null;
    }

    static WorkflowState fromJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<String> targets = new ArrayList<>();
            root.path("targetNodes").forEach(n -> targets.add(n.asText()));
            List<WorkflowState.Step> steps = new ArrayList<>();
            for (JsonNode o : root.path("steps")) {
                Map<String, WorkflowState.NodeState> nodes = new LinkedHashMap<>();
                o.path("nodes").fields().forEachRemaining(e -> nodes.put(e.getKey(), new WorkflowState.NodeState(
                        e.getValue().path("state").asText(), time(e.getValue(), "started"), time(e.getValue(), "ended"),
                        e.getValue().hasNonNull("exitCode") ? e.getValue().get("exitCode").asInt() : null,
                        e.getValue().hasNonNull("message") ? e.getValue().get("message").asText() : null)));
                steps.add(new WorkflowState.Step(o.path("stepctx").asText(),
                        o.hasNonNull("description") ? o.get("description").asText() : null, o.path("nodeStep").asBoolean(),
                        o.path("state").asText(), time(o, "started"), time(o, "ended"), nodes));
            }
            return new WorkflowState(targets, steps);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored workflow state is not readable: " + e.getMessage(), e);
        }
    }
}
