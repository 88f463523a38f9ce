// A single OpenSearch node started in-process from Maven Central jars, without the
// distribution's launcher: the modules sherloc-search needs (HTTP over netty4, the
// language analyzers of analysis-common) are passed as classpath plugins, the way
// OpenSearch's own test nodes start. Settings come from -Dsherloc.* properties.
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

public class SherlocNode extends Node {
    SherlocNode(Environment env) {
        super(env, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("sherloc.home"));
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "sherloc")
            .put("node.name", "sherloc-node")
            .put("discovery.type", "single-node")
            .put("network.host", System.getProperty("sherloc.host", "127.0.0.1"))
            .put("http.port", System.getProperty("sherloc.port", "9200"))
            .put("transport.port", System.getProperty("sherloc.transport_port", "9300"))
            // a test node: no disk-watermark refusals on a nearly full dev disk
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false)
            .build();
        LogConfigurator.configureWithoutConfig(settings);
        Environment env = new Environment(settings, home.resolve("config"));
        Node node = new SherlocNode(env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        node.start();
        stopped.await();
    }
}
