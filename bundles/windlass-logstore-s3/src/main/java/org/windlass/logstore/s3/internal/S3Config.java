package org.windlass.logstore.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One S3 log store (factory PID {@value #FACTORY_PID}: {@code etc/org.windlass.logstore.s3-NAME.cfg});
 * its plugin name, the engine's {@code logStore} setting, is {@code windlass.plugin.name}.
 */
@ObjectClassDefinition(name = "Windlass S3 log store", description = "Execution logs in S3 or an S3-compatible store")
public @interface S3Config {

    String FACTORY_PID = "org.windlass.logstore.s3";

    @AttributeDefinition(name = "windlass.plugin.name", description = "The store's name, as the engine's logStore setting names it")
    String windlass_plugin_name() default "s3";

    @AttributeDefinition(description = "store: the log is uploaded when the execution ends; checkpoint: also in pieces "
            + "while it runs, so that other members can follow it")
    String mode() default "checkpoint";

    @AttributeDefinition(description = "The bucket (required)")
    String bucket() default "";

    @AttributeDefinition(description = "The object key of a log: ${job.project}, ${job.execid}, ${job.id}, ${job.group}, ${job.name}")
    String pathTemplate() default "logs/${job.project}/${job.execid}.rdlog";

    @AttributeDefinition(description = "The region")
    String region() default "us-east-1";

    @AttributeDefinition(description = "Endpoint of an S3-compatible store (http://host:port); empty for AWS")
    String endpoint() default "";

    @AttributeDefinition(description = "Path-style addressing (bucket in the path), as most S3-compatible stores want")
    boolean pathStyleAccess() default false;

    @AttributeDefinition(description = "Key storage path of the access key id; empty for the AWS SDK's default credentials chain")
    String accessKeyStoragePath() default "";

    @AttributeDefinition(description = "Key storage path of the secret access key")
    String secretKeyStoragePath() default "";

    @AttributeDefinition(description = "checkpoint mode: upload what was written at least this often (milliseconds)")
    long checkpointIntervalMillis() default 500;

    @AttributeDefinition(description = "checkpoint mode: upload at once when this many bytes were written since the last piece")
    long checkpointBytes() default 1024 * 1024;

    @AttributeDefinition(description = "Local spool (and cache of logs read from S3); empty: ${karaf.data}/windlass/s3/NAME")
    String spoolDir() default "";

    @AttributeDefinition(description = "How long a log stays in the local spool after its upload (then it is read from S3)")
    String spoolRetention() default "1h";

    @AttributeDefinition(description = "Threads uploading logs; a backlog resumes this many at once")
    int uploadThreads() default 4;

    @AttributeDefinition(description = "Longest wait between two attempts of an upload that fails (they go on until it succeeds)")
    String retryMaxDelay() default "60s";
}
