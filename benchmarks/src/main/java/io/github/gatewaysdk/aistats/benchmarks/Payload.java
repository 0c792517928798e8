package io.github.gatewaysdk.aistats.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/** The two request/response shapes the benchmark cases send and receive. */
public enum Payload {
    /** A short prompt and a tiny image in, one image URL out. */
    SMALL(48, 0, 1),
    /** A 4 MiB data-URL image in, four 1 MiB {@code b64_json} images out. */
    LARGE(4 << 20, 1 << 20, 4);

    private static final String DATA_URL_PREFIX = "data:image/png;base64,";

    private final int imageChars;
    private final int b64JsonChars;
    private final int images;

    Payload(int imageChars, int b64JsonChars, int images) {
        this.imageChars = imageChars;
        this.b64JsonChars = b64JsonChars;
        this.images = images;
    }

    public ImagesEditRequest request() {
        return new ImagesEditRequest()
                .model("openai/gpt-image-1")
                .image(DATA_URL_PREFIX + base64(imageChars - DATA_URL_PREFIX.length(), 1))
                .prompt("Replace the sky with a sunset over the sea")
                .size("1024x1024")
                .n(images);
    }

    /** The canned, contract-valid answer, serialised from the generated model so it cannot drift from it. */
    public byte[] responseJson() {
        List<Image> data = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            Image image = new Image().revisedPrompt("A sunset over the sea");
            data.add(b64JsonChars == 0
                    ? image.url("https://example.com/images/edit-" + i + ".png")
                    : image.b64Json(base64(b64JsonChars, 2 + i)));
        }
        try {
            return Json.MAPPER.writeValueAsBytes(new ImagesEditResponse().created(1_700_000_000).data(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exactly {@code chars} base64 characters of reproducible noise (a multiple of 4, like real image data). */
    private static String base64(int chars, long seed) {
        byte[] bytes = new byte[chars / 4 * 3];
        new SplittableRandom(seed).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
