package io.videojobs.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomize directory with {@code kubectl kustomize}, the renderer built into kubectl
 * (Debian's {@code kubernetes-client} package is enough; the build's first step,
 * src/test/sh/provision-system-packages.sh, installs it). The
 * {@code KUBECTL} environment variable overrides which binary runs.
 */
final class KustomizeRenderer {

    private KustomizeRenderer() {
    }

    static String render(Path directory) {
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        ProcessBuilder builder = new ProcessBuilder(kubectl, "kustomize", directory.toString());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(kubectl + " kustomize " + directory + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(kubectl + " kustomize " + directory + " failed with exit code "
                        + process.exitValue());
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run '" + kubectl + "': install kubectl (Debian package "
                    + "kubernetes-client, as src/test/sh/provision-system-packages.sh does) or point KUBECTL at one", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
