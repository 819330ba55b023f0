package io.videojobs.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks rendered manifests against the Kubernetes API schemas, strictly: each document is bound to
 * the fabric8 model class of its apiVersion and kind (classes generated from the Kubernetes OpenAPI
 * schemas), a value of the wrong type fails (no string-to-number or number-to-string coercion), and a
 * field the schema does not know fails too (fabric8 would keep it in {@code additionalProperties}).
 */
final class KubernetesManifestValidator {

    /** The apiVersion/kind pairs deploy/ may use, and their schema classes. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final ObjectMapper STRICT = strictMapper();

    private KubernetesManifestValidator() {
    }

    /** Splits a multi-document YAML stream into its (non-empty) documents. */
    static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            try (var parser = new YAMLFactory().createParser(yaml)) {
                var iterator = YAML.readValues(parser, JsonNode.class);
                while (iterator.hasNext()) {
                    JsonNode document = iterator.next();
                    if (document != null && !document.isNull() && !document.isMissingNode()) {
                        documents.add(document);
                    }
                }
            }
            return documents;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Binds one document to its schema class; throws {@link InvalidManifestException} listing every problem. */
    static HasMetadata validate(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText("");
        String kind = document.path("kind").asText("");
        String name = document.path("metadata").path("name").asText("");
        String id = apiVersion + "/" + kind + " " + name;
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new InvalidManifestException(id + ": apiVersion/kind is not one deploy/ may use " + KINDS.keySet());
        }
        if (name.isEmpty()) {
            throw new InvalidManifestException(id + ": metadata.name is required");
        }
        HasMetadata resource;
        try {
            resource = STRICT.treeToValue(document, type);
        } catch (JsonMappingException e) {
            throw new InvalidManifestException(id + ": " + e.getOriginalMessage() + " at " + e.getPathReference());
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(id + ": " + e.getOriginalMessage());
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(resource, "", unknown);
        if (!unknown.isEmpty()) {
            throw new InvalidManifestException(id + ": fields unknown to the " + kind + " schema: " + unknown);
        }
        return resource;
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "[" + key + "]", unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                collectUnknownFields(child, path + "." + property(getter.getName()), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + getter, e);
        }
    }

    private static String property(String getterName) {
        return Character.toLowerCase(getterName.charAt(3)) + getterName.substring(4);
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** A manifest that does not match its Kubernetes schema. */
    static final class InvalidManifestException extends RuntimeException {
        InvalidManifestException(String message) {
            super(message);
        }
    }
}
