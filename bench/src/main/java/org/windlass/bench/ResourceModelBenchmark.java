package org.windlass.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.windlass.api.Node;
import org.windlass.api.nodes.NodeFilter;
import org.windlass.api.nodes.ResourceFormat;
import org.windlass.nodes.internal.RundeckNodeFilters;
import org.windlass.nodes.internal.RundeckResourceFormats;

/**
 * Parsing a 100,000-node resource model in each format, and filtering it.
 * Targets (issue "Resource model"): parse ≤ 1 s, filter ≤ 20 ms, on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResourceModelBenchmark {

    @Param({"100000"})
    public int nodes;

    private final RundeckResourceFormats formats = new RundeckResourceFormats();
    private final Map<ResourceFormat, byte[]> documents = new EnumMap<>(ResourceFormat.class);
    private List<Node> model;
    private NodeFilter filter;

    @Setup
    public void setUp() {
        model = new ArrayList<>(nodes);
        String[] racks = {"r1", "r2", "r3", "r4"};
        for (int i = 0; i < nodes; i++) {
            model.add(new Node(String.format("node%06d", i), "10.%d.%d.%d".formatted(i >> 16 & 255, i >> 8 & 255, i & 255), "deploy",
                    "node number " + i, Set.of(i % 2 == 0 ? "web" : "db", i % 10 == 0 ? "dev" : "prod"),
                    Map.of("osFamily", "unix", "osName", "Linux", "rack", racks[i % 4], "node-executor", "ssh")));
        }
        for (ResourceFormat f : ResourceFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            formats.write(f, model, out);
            documents.put(f, out.toByteArray());
        }
        filter = new RundeckNodeFilters().parse("tags: web+prod rack: r1,r3 !name: node0000.*");
    }

    @Benchmark
    public List<Node> parseXml() {
        return formats.parse(ResourceFormat.XML, new ByteArrayInputStream(documents.get(ResourceFormat.XML)), "bench.xml");
    }

    @Benchmark
    public List<Node> parseYaml() {
        return formats.parse(ResourceFormat.YAML, new ByteArrayInputStream(documents.get(ResourceFormat.YAML)), "bench.yaml");
    }

    @Benchmark
    public List<Node> parseJson() {
        return formats.parse(ResourceFormat.JSON, new ByteArrayInputStream(documents.get(ResourceFormat.JSON)), "bench.json");
    }

    @Benchmark
    public int filter() {
        int n = 0;
        for (Node node : model) {
            if (filter.test(node)) {
                n++;
            }
        }
        return n;
    }
}
