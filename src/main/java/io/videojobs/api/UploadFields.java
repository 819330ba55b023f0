package io.videojobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JobOptions;
import io.videojobs.job.StageId;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.List;

/** Reads the text fields of a multipart upload: {@code stages} and {@code options}, each JSON as in the JSON body. */
final class UploadFields {

    private UploadFields() {
    }

    /** A JSON array of stage ids; all stages when absent. */
    static List<StageId> stages(String value, ObjectMapper mapper) {
        if (value == null || value.isBlank()) {
            return StageId.all();
        }
        try {
            List<StageId> requested = mapper.readValue(value, new TypeReference<List<StageId>>() { });
            if (requested == null || requested.isEmpty()) {
                throw ServiceException.invalid("stages", "must name at least one stage");
            }
            return StageId.all().stream().filter(requested::contains).toList();
        } catch (JsonProcessingException e) {
            throw ServiceException.invalid("stages", "must be a JSON array of stage ids");
        }
    }

    /** A JSON object of processing options; the defaults when absent. */
    static JobOptions options(String value, ObjectMapper mapper, Validator validator) {
        if (value == null || value.isBlank()) {
            return JobOptions.DEFAULTS;
        }
        JobOptions options;
        try {
            options = mapper.readValue(value, JobOptions.class);
        } catch (JsonProcessingException e) {
            throw ServiceException.invalid("options", "must be a JSON object of processing options");
        }
        if (options == null) {
            return JobOptions.DEFAULTS;
        }
        var violations = validator.validate(options);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return options;
    }
}
