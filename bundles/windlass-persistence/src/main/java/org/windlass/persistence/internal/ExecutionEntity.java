package org.windlass.persistence.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogLevel;
import org.windlass.api.execution.NewExecution;

/** An execution row. */
@Entity
@Table(name = "wl_execution")
public class ExecutionEntity {

    @Id
    @TableGenerator(name = "execution_ids", table = "wl_sequence", pkColumnName = "seq_name",
            valueColumnName = "seq_value", pkColumnValue = "execution", allocationSize = 1, initialValue = 0)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "execution_ids")
    @Column(name = "id")
    private Long id;

    @Column(name = "project", length = 255, nullable = false)
    private String project;

    @Column(name = "job_uuid", length = 64)
    private String jobUuid;

    @Column(name = "job_name", length = 255)
    private String jobName;

    @Column(name = "job_group", length = 255)
    private String jobGroup;

    @Column(name = "description", length = 4000)
    private String description;

    @Column(name = "status", length = 32, nullable = false)
    private String status;

    @Column(name = "user_name", length = 255, nullable = false)
    private String userName;

    @Column(name = "arg_string", length = 4000)
    private String argString;

    @Column(name = "loglevel", length = 16, nullable = false)
    private String loglevel;

    @Column(name = "node_filter", length = 4000)
    private String nodeFilter;

    @Column(name = "server_uuid", length = 64)
    private String serverUuid;

    @Column(name = "date_started")
    private Long dateStarted;

    @Column(name = "date_ended")
    private Long dateEnded;

    @Column(name = "retry_attempt", nullable = false)
    private int retryAttempt;

    @Column(name = "retry_of")
    private Long retryOf;

    @Lob
    @Column(name = "succeeded_nodes")
    private String succeededNodes;

    @Lob
    @Column(name = "failed_nodes")
    private String failedNodes;

    @Column(name = "reason", length = 4000)
    private String reason;

    @Column(name = "aborted_by", length = 255)
    private String abortedBy;

    @Lob
    @Column(name = "workflow_state")
    private String workflowState;

    @Column(name = "execution_type", length = 32, nullable = false)
    private String executionType;

    @Column(name = "abort_requested_by", length = 255)
    private String abortRequestedBy;

    @Column(name = "forwarded_by", length = 64)
    private String forwardedBy;

    protected ExecutionEntity() {
    }

    ExecutionEntity(NewExecution n, long now) {
        this.project = n.project();
        this.jobUuid = n.jobId();
        this.jobName = clip(n.jobName(), 255);
        this.jobGroup = clip(n.jobGroup(), 255);
        this.description = clip(n.description(), 4000);
        this.status = n.state().apiName();
        this.userName = n.user();
        this.argString = clip(n.argString(), 4000);
        this.loglevel = (n.loglevel() == null ? LogLevel.NORMAL : n.loglevel()).name();
        this.nodeFilter = clip(n.filter(), 4000);
        this.serverUuid = n.serverUuid();
        this.executionType = n.executionType() == null ? Execution.USER : n.executionType();
        if (n.at() != null && (n.state() == ExecutionState.SCHEDULED || n.state().isTerminal())) {
            // a run for later starts (and a missed tick started and ended) when it was due
            this.dateStarted = n.at().toEpochMilli();
            this.dateEnded = n.state().isTerminal() ? dateStarted : null;
        } else {
            this.dateStarted = n.state() == ExecutionState.RUNNING ? now : null;
        }
        this.retryAttempt = n.retryAttempt();
        this.retryOf = n.retryOf();
        this.forwardedBy = n.forwardedBy();
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    Long id() {
        return id;
    }

    String status() {
        return status;
    }

    void start(String server, long now) {
        this.status = ExecutionState.RUNNING.apiName();
        this.serverUuid = server;
        this.dateStarted = now;
    }

    void finish(ExecutionState state, List<String> succeeded, List<String> failed, String why, String by, long now) {
        this.status = state.apiName();
        this.dateEnded = now;
        if (dateStarted == null) {
            dateStarted = now;
        }
        this.succeededNodes = String.join(",", succeeded);
        this.failedNodes = String.join(",", failed);
        this.reason = clip(why, 4000);
        this.abortedBy = by;
    }

    String serverUuid() {
        return serverUuid;
    }

    String abortRequestedBy() {
        return abortRequestedBy;
    }

    void requestAbort(String user) {
        this.abortRequestedBy = user == null ? "unknown" : clip(user, 255);
    }

    String workflowState() {
        return workflowState;
    }

    void setWorkflowState(String document) {
        this.workflowState = document;
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    Execution toExecution() {
        return new Execution(id, project, jobUuid, jobName, jobGroup, description, ExecutionState.fromApiName(status),
                userName, argString, LogLevel.valueOf(loglevel), nodeFilter, serverUuid,
                dateStarted == null ? null : Instant.ofEpochMilli(dateStarted),
                dateEnded == null ? null : Instant.ofEpochMilli(dateEnded), retryAttempt, retryOf,
                split(succeededNodes), split(failedNodes), reason, abortedBy, executionType);
    }
}
