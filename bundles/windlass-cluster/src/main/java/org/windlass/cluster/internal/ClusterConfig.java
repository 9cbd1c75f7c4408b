package org.windlass.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Cluster settings of this member (PID {@value #PID}, file etc/org.windlass.cluster.cfg). Durations
 * are milliseconds or text such as 7s.
 */
@ObjectClassDefinition(name = "Windlass cluster", description = "Membership, heartbeat, autotakeover and the remote execution policy")
public @interface ClusterConfig {

    String PID = "org.windlass.cluster";

    @AttributeDefinition(name = "Member UUID", description = "Overrides the UUID generated on first start and kept in the data directory", required = false)
    String member_uuid() default "";

    @AttributeDefinition(name = "Member name", description = "Defaults to the host name", required = false)
    String member_name() default "";

    @AttributeDefinition(description = "The URL other members and the load balancer reach this member on; empty: http://<host name>:<HTTP port>", required = false)
    String url() default "";

    @AttributeDefinition(description = "The URL users reach the cluster on (the load balancer's); links in API answers use it. Empty: the URL of the request", required = false)
    String publicUrl() default "";

    @AttributeDefinition(description = "Comma list of this member's tags, for the remote execution policy", required = false)
    String tags() default "";

    @AttributeDefinition(description = "active or passive: this member's execution mode the first time it joins (afterwards the mode last set through the API or shell is kept)")
    String executionMode() default "active";

    @AttributeDefinition(description = "How often this member heartbeats into the database")
    String heartbeat_interval() default "1s";

    @AttributeDefinition(description = "A member whose last heartbeat is this old is inactive")
    String heartbeat_considerInactive() default "3s";

    @AttributeDefinition(description = "A member whose last heartbeat is this old is dead: its executions end incomplete and its schedules are taken over")
    String heartbeat_considerDead() default "7s";

    @AttributeDefinition(description = "Whether this member takes over the schedules of dead members")
    boolean autotakeover_enabled() default true;

    @AttributeDefinition(description = "Whose schedules this member takes over: Any (any dead member), Static (the members in autotakeover.config.allowed) or RemoteExecution (the members the remote execution policy allows)")
    String autotakeover_policy() default "Any";

    @AttributeDefinition(description = "For the Static policy: comma list of member UUIDs, Other or /regex/ (matched against UUID and name)", required = false)
    String autotakeover_config_allowed() default "";

    @AttributeDefinition(description = "How long after a member is declared dead its schedules move")
    String autotakeover_delay() default "0s";

    @AttributeDefinition(description = "Where executions started on this member run: None (here), Random, RoundRobin, Preset or Load")
    String remoteExecution_policy() default "None";

    @AttributeDefinition(description = "Comma list of the members an execution may be sent to: Self, Other, member UUIDs, /regex/ (UUID or name); empty: any", required = false)
    String remoteExecution_config_allowed() default "";

    @AttributeDefinition(description = "Tags a member must have: comma = any of them, + = all of them (web+linux), * = any member", required = false)
    String remoteExecution_config_allowedTags() default "";

    @AttributeDefinition(description = "Members with these tags are used when any is available, else the other allowed members", required = false)
    String remoteExecution_config_preferredTags() default "";

    @AttributeDefinition(description = "Whether only members in execution mode active are chosen")
    boolean remoteExecution_config_activeOnly() default true;

    @AttributeDefinition(description = "For the Preset policy: the member UUID executions go to", required = false)
    String remoteExecution_config_uuid() default "";

    @AttributeDefinition(description = "For the Load policy: the criteria, from threadRatio, load (CPU) and memory")
    String remoteExecution_config_criteria() default "threadRatio,load";

    @AttributeDefinition(description = "For the Load policy: the weight of each criterion, in order")
    String remoteExecution_config_weights() default "1,1";

    @AttributeDefinition(description = "Named profiles, each with remoteExecution.profile.NAME.projects, .policy and .config.*", required = false)
    String remoteExecution_profiles() default "";
}
