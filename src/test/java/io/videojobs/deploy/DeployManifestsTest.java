package io.videojobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.videojobs.deploy.KubernetesManifestValidator.InvalidManifestException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay in deploy/ with kubectl's kustomize, validates each resource against the
 * Kubernetes schemas, and checks the production rules the issue sets (probes, security context,
 * resources, grace period, HPA, PDB, no shared volume but an emptyDir scratch, S3 settings; the local overlay's volume).
 * Also proves the validator rejects a
 * wrong field and a wrong type.
 */
class DeployManifestsTest {

    /** Longest drain the application may take on SIGTERM; the grace period must exceed it. */
    private static final int DRAIN_SECONDS = 30;

    private static final Set<String> CONFIG_KEYS = Set.of("QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_JDBC_URL", "VIDEO_JOBS_AUTH_JWKS_URL", "VIDEO_JOBS_AUTH_ISSUER",
            "VIDEO_JOBS_AUTH_AUDIENCE", "VIDEO_JOBS_STORAGE_TYPE", "VIDEO_JOBS_STORAGE_S3_BUCKET",
            "VIDEO_JOBS_STORAGE_S3_REGION", "VIDEO_JOBS_STORAGE_S3_ENDPOINT_OVERRIDE", "VIDEO_JOBS_STORAGE_S3_PATH_STYLE",
            "VIDEO_JOBS_STORAGE_S3_PUBLIC_ENDPOINT", "VIDEO_JOBS_ENGINE_WORK_DIRECTORY", "QUARKUS_HTTP_IO_THREADS");
    /** The local overlay keeps media in a directory of its volume. */
    private static final Set<String> LOCAL_CONFIG_KEYS = union(CONFIG_KEYS, Set.of("VIDEO_JOBS_STORAGE_DIRECTORY"));
    private static final Set<String> SECRET_KEYS = Set.of("QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "VIDEO_JOBS_AUTH_JWT_SECRET", "VIDEO_JOBS_STORAGE_URL_SIGNING_KEY",
            "VIDEO_JOBS_STORAGE_S3_ACCESS_KEY_ID", "VIDEO_JOBS_STORAGE_S3_SECRET_ACCESS_KEY");

    /** No volume shared by replicas: media is in a bucket. */
    private static final Set<String> APP_KINDS = Set.of("ConfigMap/video-jobs-config", "Secret/video-jobs-secrets",
            "Deployment/video-jobs", "Service/video-jobs", "HorizontalPodAutoscaler/video-jobs",
            "PodDisruptionBudget/video-jobs");
    private static final Set<String> LOCAL_DATABASE = Set.of("StatefulSet/postgres", "Service/postgres",
            "Secret/postgres", "PersistentVolumeClaim/video-jobs-media");

    /** kubectl's output per overlay, rendered once per run. */
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native"})
    void productionOverlaysRenderTheAppAndNoDatabase(String overlay) {
        assertEquals(APP_KINDS, names(render(overlay)));
    }

    @Test
    void localOverlayAddsPostgresPointedToByTheApp() {
        List<HasMetadata> resources = render("local");
        Set<String> expected = new HashSet<>(APP_KINDS);
        expected.addAll(LOCAL_DATABASE);
        assertEquals(expected, names(resources));

        Map<String, String> config = one(resources, ConfigMap.class, "video-jobs-config").getData();
        assertEquals("postgresql://postgres:5432/videojobs", config.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertEquals("jdbc:postgresql://postgres:5432/videojobs", config.get("QUARKUS_DATASOURCE_JDBC_URL"));
        Map<String, String> appSecret = one(resources, Secret.class, "video-jobs-secrets").getStringData();
        Map<String, String> dbSecret = one(resources, Secret.class, "postgres").getStringData();
        assertEquals(dbSecret.get("POSTGRES_USER"), appSecret.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(dbSecret.get("POSTGRES_PASSWORD"), appSecret.get("QUARKUS_DATASOURCE_PASSWORD"));

        StatefulSet postgres = one(resources, StatefulSet.class, "postgres");
        Service postgresService = one(resources, Service.class, "postgres");
        assertEquals(postgres.getSpec().getTemplate().getMetadata().getLabels(), postgresService.getSpec().getSelector());
        assertEquals(Boolean.TRUE, postgres.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native", "local"})
    void deploymentIsReadyForProduction(String overlay) {
        List<HasMetadata> resources = render(overlay);
        Deployment deployment = one(resources, Deployment.class, "video-jobs");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().get(0);

        assertTrue(deployment.getSpec().getReplicas() >= 2, "at least 2 replicas");
        assertEquals("video-jobs-" + (overlay.equals("native") ? "native" : "jvm") + ":1.0.0-SNAPSHOT", app.getImage());
        assertProbe(app.getStartupProbe(), "/q/health/started");
        assertProbe(app.getReadinessProbe(), "/q/health/ready");
        assertProbe(app.getLivenessProbe(), "/q/health/live");
        assertEquals(8080, app.getPorts().get(0).getContainerPort());

        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(app.getResources().getRequests().get(resource), "request " + resource);
            assertNotNull(app.getResources().getLimits().get(resource), "limit " + resource);
        }

        assertTrue(pod.getTerminationGracePeriodSeconds() > DRAIN_SECONDS, "grace period longer than the drain");
        assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), "no VIDEO_JOBS_PORT=tcp://... from service links");
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(Boolean.TRUE, app.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, app.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), app.getSecurityContext().getCapabilities().getDrop());

        Map<String, String> mounts = app.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertNotNull(volumes.get(mounts.get("/tmp")).getEmptyDir(), "/tmp is a writable emptyDir");
        assertNotNull(volumes.get(mounts.get("/scratch")).getEmptyDir(), "the engine's scratch is an emptyDir");
        if (overlay.equals("local")) {
            assertEquals("video-jobs-media", volumes.get(mounts.get("/data/media")).getPersistentVolumeClaim().getClaimName());
        } else {
            assertTrue(volumes.values().stream().noneMatch(volume -> volume.getPersistentVolumeClaim() != null),
                    "no volume: media is in the bucket");
        }

        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
        assertEquals("8080", annotations.get("prometheus.io/port"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native", "local"})
    void settingsComeFromTheConfigMapAndTheSecret(String overlay) {
        List<HasMetadata> resources = render(overlay);
        Container app = one(resources, Deployment.class, "video-jobs").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals("video-jobs-config", app.getEnvFrom().get(0).getConfigMapRef().getName());
        assertEquals("video-jobs-secrets", app.getEnvFrom().get(1).getSecretRef().getName());
        ConfigMap config = one(resources, ConfigMap.class, "video-jobs-config");
        Secret secret = one(resources, Secret.class, "video-jobs-secrets");
        assertEquals(overlay.equals("local") ? LOCAL_CONFIG_KEYS : CONFIG_KEYS, config.getData().keySet());
        assertEquals(SECRET_KEYS, secret.getStringData().keySet());
        assertEquals("/scratch", config.getData().get("VIDEO_JOBS_ENGINE_WORK_DIRECTORY"));
        if (overlay.equals("local")) {
            assertEquals("local", config.getData().get("VIDEO_JOBS_STORAGE_TYPE"));
            assertEquals("/data/media", config.getData().get("VIDEO_JOBS_STORAGE_DIRECTORY"));
        } else {
            assertEquals("s3", config.getData().get("VIDEO_JOBS_STORAGE_TYPE"));
            assertTrue(secret.getStringData().get("VIDEO_JOBS_STORAGE_S3_SECRET_ACCESS_KEY").isEmpty(),
                    "no credential committed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native", "local"})
    void serviceAutoscalerAndDisruptionBudgetTargetTheDeployment(String overlay) {
        List<HasMetadata> resources = render(overlay);
        Deployment deployment = one(resources, Deployment.class, "video-jobs");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        Service service = one(resources, Service.class, "video-jobs");
        assertEquals(podLabels, service.getSpec().getSelector());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());

        HorizontalPodAutoscaler hpa = one(resources, HorizontalPodAutoscaler.class, "video-jobs");
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals("video-jobs", hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2);
        assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());

        PodDisruptionBudget pdb = one(resources, PodDisruptionBudget.class, "video-jobs");
        assertEquals(podLabels, pdb.getSpec().getSelector().getMatchLabels());
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());

        if (overlay.equals("local")) {
            PersistentVolumeClaim media = one(resources, PersistentVolumeClaim.class, "video-jobs-media");
            assertEquals(List.of("ReadWriteOnce"), media.getSpec().getAccessModes());
        }
    }

    @Test
    void validatorRejectsAFieldTheSchemaDoesNotKnow() {
        List<JsonNode> documents = renderedDocuments("jvm");
        ObjectNode container = (ObjectNode) deploymentDocument(documents)
                .at("/spec/template/spec/containers/0");
        container.set("readinessProbes", container.remove("readinessProbe"));
        InvalidManifestException error = assertThrows(InvalidManifestException.class,
                () -> KubernetesManifestValidator.validate(deploymentDocument(documents)));
        assertTrue(error.getMessage().contains("readinessProbes"), error.getMessage());
    }

    @Test
    void validatorRejectsAValueOfTheWrongType() {
        List<JsonNode> documents = renderedDocuments("jvm");
        ((ObjectNode) deploymentDocument(documents).get("spec")).set("replicas", new TextNode("2"));
        assertThrows(InvalidManifestException.class,
                () -> KubernetesManifestValidator.validate(deploymentDocument(documents)));

        List<JsonNode> again = renderedDocuments("jvm");
        ((ObjectNode) deploymentDocument(again).at("/spec/template/metadata/annotations"))
                .put("prometheus.io/port", 8080);
        assertThrows(InvalidManifestException.class,
                () -> KubernetesManifestValidator.validate(deploymentDocument(again)));
    }

    @Test
    void validatorRejectsAnApiVersionKubernetesDoesNotServe() {
        List<JsonNode> documents = renderedDocuments("jvm");
        JsonNode hpa = documents.stream().filter(d -> d.path("kind").asText().equals("HorizontalPodAutoscaler"))
                .findFirst().orElseThrow();
        ((ObjectNode) hpa).put("apiVersion", "autoscaling/v2beta1");
        assertThrows(InvalidManifestException.class, () -> KubernetesManifestValidator.validate(hpa));
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal());
    }

    private static List<HasMetadata> render(String overlay) {
        return renderedDocuments(overlay).stream().map(KubernetesManifestValidator::validate).toList();
    }

    private static List<JsonNode> renderedDocuments(String overlay) {
        String yaml = RENDERED.computeIfAbsent(overlay,
                name -> KustomizeRenderer.render(Path.of("deploy", "overlays", name)));
        List<JsonNode> documents = KubernetesManifestValidator.documents(yaml);
        assertFalse(documents.isEmpty(), overlay + " renders nothing");
        return documents;
    }

    private static JsonNode deploymentDocument(List<JsonNode> documents) {
        return documents.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    }

    private static Set<String> names(List<HasMetadata> resources) {
        return resources.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }
}
