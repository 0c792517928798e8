package io.github.gatewaysdk.aistats.mock;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The contract the mock serves, as the front's own checks read it ({@link EventStreams}, {@link FileParts}): read
 * once, at first use, {@code $ref}s resolved and {@code allOf} parts merged, so a schema's properties are its own.
 */
final class ServedContract {
    private final Path file;
    private volatile OpenAPI api;

    ServedContract(Path file) {
        this.file = file;
    }

    /**
     * @param path the request's path, with or without its query
     * @return the operation of the first path template that matches and has {@code method}, or null
     */
    Operation operation(String method, String path) {
        PathItem.HttpMethod verb;
        try {
            verb = PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notInTheContract) {
            return null;
        }
        if (api().getPaths() == null) {
            return null;
        }
        int query = path.indexOf('?');
        String[] segments = (query < 0 ? path : path.substring(0, query)).split("/");
        for (Map.Entry<String, PathItem> item : api().getPaths().entrySet()) {
            Operation operation = item.getValue().readOperationsMap().get(verb);
            if (operation != null && matches(item.getKey().split("/"), segments)) {
                return operation;
            }
        }
        return null;
    }

    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    private OpenAPI api() {
        OpenAPI ready = api;
        if (ready == null) {
            synchronized (this) {
                if (api == null) {
                    ParseOptions options = new ParseOptions();
                    options.setResolve(true);
                    options.setResolveFully(true);
                    options.setResolveCombinators(true);
                    api = new OpenAPIV3Parser().read(file.toUri().toString(), null, options);
                    if (api == null) {
                        throw new AiStatsMockException("The contract " + file + " could not be read");
                    }
                }
                ready = api;
            }
        }
        return ready;
    }
}
