package io.github.gatewaysdk.aistats.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Prism's answers made usable by the code under test: Prism fills a string with {@code "string"} (or, in dynamic
 * mode, random text), so an image result's {@code b64_json} decoded to no image and its {@code url} led nowhere. An
 * object with a {@code b64_json} property is an image result: its {@code b64_json} becomes a real PNG, and its
 * {@code url}, if it has one, the address of that PNG on the mock itself ({@link #IMAGE_PATH}).
 */
final class UsableAnswers {
    /** Where the mock serves the result image, on each mock's own address. */
    static final String IMAGE_PATH = "/_mock/images/result.png";
    /** A 2x2 PNG, made by the JDK's encoder so it decodes anywhere. */
    static final byte[] PNG = png();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PNG_BASE64 = Base64.getEncoder().encodeToString(PNG);

    private UsableAnswers() {
    }

    /** @return {@code body} with its image results usable; unchanged when it holds none or is not JSON */
    static byte[] of(byte[] body, String mockBaseUrl) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException notJson) {
            return body;
        }
        if (tree == null || !replaceImages(tree, mockBaseUrl + IMAGE_PATH)) {
            return body;
        }
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean replaceImages(JsonNode node, String imageUrl) {
        boolean replaced = false;
        if (node.isObject() && node.path("b64_json").isTextual()) {
            ObjectNode image = (ObjectNode) node;
            image.put("b64_json", PNG_BASE64);
            if (image.path("url").isTextual()) {
                image.put("url", imageUrl);
            }
            replaced = true;
        }
        for (JsonNode child : node) {
            replaced |= replaceImages(child, imageUrl);
        }
        return replaced;
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff6600);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
