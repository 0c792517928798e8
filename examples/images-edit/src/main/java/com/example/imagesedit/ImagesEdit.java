package com.example.imagesedit;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.ImageData;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code images-edit --image cat.png --prompt "..." [--model id] [--n count] [--out dir] [--mock]}: sends an image and
 * a prompt to {@code POST /images/edits} and writes each result image to the output folder.
 *
 * <p>Exit codes: 0 done, 1 the call or the mock failed, 2 bad arguments or input.
 */
public final class ImagesEdit {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private static final String USAGE = "usage: images-edit --image <file> --prompt <text> [--model <id>] [--n <count>]"
      + " [--out <dir>] [--mock]";
  private static final String HELP = USAGE + "\n"
      + "  --image   PNG, JPEG or WebP image to edit\n"
      + "  --prompt  what to change\n"
      + "  --model   model id (default gpt-image-1)\n"
      + "  --n       number of images, 1 to 10 (default 1)\n"
      + "  --out     folder for the results (default: the current folder)\n"
      + "  --mock    use a local mock of the gateway (the default when AI_STATS_API_KEY is not set)\n"
      + "Calls the gateway at AI_STATS_BASE_URL (default " + AiStatsClient.DEFAULT_BASE_URL + ") with AI_STATS_API_KEY.";

  private ImagesEdit() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      return fail(BAD_INPUT, e.getMessage() + " (see --help)");
    }
    if (options.help) {
      System.out.println(HELP);
      return OK;
    }
    try {
      edit(options);
      return OK;
    } catch (NoSuchFileException e) {
      return fail(BAD_INPUT, "image not found: " + e.getFile());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The SDK's argument and configuration checks (unsupported image type, n out of range, missing key): nothing
      // was sent.
      return fail(BAD_INPUT, e.getMessage());
    } catch (AuthenticationException e) {
      return fail(FAILED, e.getMessage() + "; check AI_STATS_API_KEY");
    } catch (AiStatsException e) {
      // Every other failure of the call, typed by the SDK: error statuses, timeouts, connection failures.
      return fail(FAILED, e.getMessage());
    } catch (LocalMock.MockException e) {
      return fail(FAILED, "mock: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return fail(FAILED, e.getMessage());
    }
  }

  private static void edit(Options options) throws IOException {
    byte[] input = Files.readAllBytes(options.image);
    String dataUrl;
    try {
      dataUrl = ImageData.toDataUrl(input); // rejects anything but PNG, JPEG and WebP, by content
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(options.image + ": " + e.getMessage(), e);
    }
    boolean useMock = options.mock || !apiKeyConfigured();
    if (useMock && !options.mock) {
      if (notBlank(System.getenv(ClientBuilder.BASE_URL_ENV))) {
        // A chosen gateway without a key is a mistake, not a request for the mock.
        throw new IllegalStateException(ClientBuilder.API_KEY_ENV + " is not set, but " + ClientBuilder.BASE_URL_ENV
            + " is: set the key, or pass --mock");
      }
      System.err.println("images-edit: " + ClientBuilder.API_KEY_ENV + " is not set, so this run uses the local mock"
          + " gateway; set it to call the real one");
    }

    try (LocalMock mock = useMock ? LocalMock.start(input, options.n == null ? 1 : options.n) : null;
         AiStatsClient client = mock == null ? AiStatsClient.fromEnv()
             : AiStatsClient.builder().apiKey("mock-key").baseUrl(mock.baseUrl()).build()) {
      System.out.println((mock == null ? "Gateway: " : "Mock gateway: ") + client.baseUrl());

      ImagesEditResponse response = client.images().edit(new ImagesEditRequest()
          .model(options.model)
          .image(dataUrl)
          .prompt(options.prompt)
          .n(options.n));

      List<Image> images = response.getData();
      if (images == null || images.isEmpty()) {
        throw new IOException("the gateway answered without images");
      }
      Files.createDirectories(options.out);
      String stem = options.image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      for (int i = 0; i < images.size(); i++) {
        byte[] bytes;
        try {
          bytes = client.images().bytes(images.get(i)); // b64_json decoded, or url downloaded
        } catch (IllegalArgumentException e) {
          // A bad answer, not bad input: neither b64_json nor an http(s) url to read.
          throw new IOException("image " + (i + 1) + " of the answer: " + e.getMessage(), e);
        }
        Path file = options.out.resolve(stem + "-edit-" + (i + 1) + extension(bytes)).toAbsolutePath();
        Files.write(file, bytes);
        System.out.println("Wrote " + file);
      }
    }
  }

  private static boolean apiKeyConfigured() {
    return notBlank(System.getProperty(ClientBuilder.API_KEY_PROPERTY))
        || notBlank(System.getenv(ClientBuilder.API_KEY_ENV));
  }

  private static String extension(byte[] image) {
    try {
      switch (ImageData.mimeType(image)) {
        case "image/png":
          return ".png";
        case "image/jpeg":
          return ".jpg";
        default:
          return ".webp";
      }
    } catch (IllegalArgumentException notAnImageTypeWeKnow) {
      return ".bin";
    }
  }

  private static int fail(int code, String message) {
    // One line, never a stack trace: the SDK's messages are single lines; an I/O message may not be.
    System.err.println("images-edit: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " "));
    return code;
  }

  private static boolean notBlank(String value) {
    return value != null && !value.trim().isEmpty();
  }

  /** The parsed command line. */
  static final class Options {
    Path image;
    String prompt;
    String model = "gpt-image-1";
    Integer n;
    Path out = Path.of("");
    boolean mock;
    boolean help;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--mock":
            options.mock = true;
            break;
          case "-h":
          case "--help":
            options.help = true;
            break;
          case "--image":
            options.image = Path.of(value(args, ++i, arg));
            break;
          case "--prompt":
            options.prompt = value(args, ++i, arg);
            break;
          case "--model":
            options.model = value(args, ++i, arg);
            break;
          case "--n":
            String count = value(args, ++i, arg);
            try {
              options.n = Integer.valueOf(count);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--n needs a whole number, got \"" + count + "\"");
            }
            break;
          case "--out":
            options.out = Path.of(value(args, ++i, arg));
            break;
          default:
            throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
        }
      }
      if (!options.help && options.image == null) {
        throw new IllegalArgumentException("--image is required");
      }
      if (!options.help && options.prompt == null) {
        throw new IllegalArgumentException("--prompt is required");
      }
      return options;
    }

    private static String value(String[] args, int index, String option) {
      if (index >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }
  }
}
