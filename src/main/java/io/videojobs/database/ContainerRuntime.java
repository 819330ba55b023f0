package io.videojobs.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a Docker or Podman endpoint is there for Dev Services: {@code DOCKER_HOST} is set or one of the usual
 * sockets exists. A cheap look, no process run, so the dev and test start-up pay nothing for it.
 */
final class ContainerRuntime {

    private ContainerRuntime() {
    }

    static boolean reachable() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home");
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/podman/podman.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
            sockets.add(Path.of(runtimeDir, "docker.sock"));
        }
        return sockets.stream().anyMatch(Files::exists);
    }
}
