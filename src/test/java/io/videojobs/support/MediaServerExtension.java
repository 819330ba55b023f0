package io.videojobs.support;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A {@link MediaServer} for the test class: started before its first test, stopped after its last. */
public final class MediaServerExtension implements BeforeAllCallback, AfterAllCallback {

    private MediaServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = MediaServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public String url(Path file) {
        return server.url(file);
    }

    public String redirectTo(String target) {
        return server.redirectTo(target);
    }
}
