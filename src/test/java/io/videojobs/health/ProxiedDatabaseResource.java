package io.videojobs.health;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.videojobs.support.TcpProxy;
import io.videojobs.support.TestDatabase;
import java.util.Map;

/** Points both datasources at a {@link TcpProxy} in front of the test PostgreSQL. */
public class ProxiedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    public static final TcpProxy PROXY = new TcpProxy(TestDatabase.port());

    @Override
    public Map<String, String> start() {
        PROXY.start();
        String db = TestDatabase.database();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + PROXY.port() + "/" + db,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/" + db,
                "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                "quarkus.datasource.reactive.idle-timeout", "PT2S");
    }

    @Override
    public void stop() {
        PROXY.stop();
    }
}
