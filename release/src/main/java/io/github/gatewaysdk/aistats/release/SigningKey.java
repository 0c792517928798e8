package io.github.gatewaysdk.aistats.release;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Date;
import java.util.Iterator;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/**
 * An OpenPGP key that signs the bundle's files (detached, ASCII-armoured, as Central wants them) and verifies such
 * signatures. The release's key comes from the environment; a throwaway one is made for the bundle check alone.
 */
final class SigningKey {
  private static final Provider BC = new BouncyCastleProvider();

  private final PGPPrivateKey privateKey;
  private final PGPPublicKey publicKey;
  private final boolean throwaway;

  private SigningKey(PGPPrivateKey privateKey, PGPPublicKey publicKey, boolean throwaway) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.throwaway = throwaway;
  }

  /**
   * @param armoredSecretKey an ASCII-armoured secret key ring, as {@code gpg --armor --export-secret-keys} writes it
   * @param passphrase its passphrase, or null when it has none
   * @return its first signing key
   * @throws IllegalArgumentException when the text holds no signing key or the passphrase does not open it
   */
  static SigningKey of(String armoredSecretKey, String passphrase) {
    try (InputStream in = PGPUtil.getDecoderStream(
        new ByteArrayInputStream(armoredSecretKey.getBytes(StandardCharsets.US_ASCII)))) {
      PGPSecretKeyRingCollection rings = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
      for (Iterator<PGPSecretKeyRing> ring = rings.getKeyRings(); ring.hasNext(); ) {
        for (Iterator<PGPSecretKey> key = ring.next().getSecretKeys(); key.hasNext(); ) {
          PGPSecretKey secret = key.next();
          if (secret.isSigningKey()) {
            PGPPrivateKey opened = secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder().setProvider(BC)
                .build(passphrase == null ? new char[0] : passphrase.toCharArray()));
            return new SigningKey(opened, secret.getPublicKey(), false);
          }
        }
      }
      throw new IllegalArgumentException("the signing key holds no key that can sign");
    } catch (IOException | PGPException e) {
      throw new IllegalArgumentException("the signing key could not be read (is it an armoured secret key, and the "
          + "passphrase its own?): " + e.getMessage(), e);
    }
  }

  /** @return a new RSA key, for checking a bundle's signatures only: a bundle signed with it is not publishable */
  static SigningKey throwaway() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(3072);
      PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PGPPublicKey.RSA_GENERAL,
          generator.generateKeyPair(), new Date());
      PGPKeyRingGenerator ring = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair,
          "AI Stats SDK bundle check (throwaway)",
          new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), null, null,
          new JcaPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256).setProvider(BC), null);
      return new SigningKey(pair.getPrivateKey(), ring.generatePublicKeyRing().getPublicKey(), true);
    } catch (NoSuchAlgorithmException | PGPException e) {
      throw new IllegalStateException("no throwaway key could be made", e);
    }
  }

  /** @return whether this key was made for the check alone */
  boolean isThrowaway() {
    return throwaway;
  }

  /** @return the key's id, as gpg prints it (16 hex digits) */
  String id() {
    return String.format("%016X", publicKey.getKeyID());
  }

  /** @return the public key, ASCII-armoured: what a user imports to verify the release */
  String armoredPublicKey() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
      publicKey.encode(armored);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** Writes {@code <file>.asc}, the file's detached, armoured signature. */
  Path sign(Path file) throws IOException {
    try {
      PGPSignatureGenerator generator = new PGPSignatureGenerator(
          new JcaPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256).setProvider(BC),
          publicKey);
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      generator.update(Files.readAllBytes(file));
      Path signature = file.resolveSibling(file.getFileName() + ".asc");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
        generator.generate().encode(armored);
      }
      return Files.write(signature, out.toByteArray());
    } catch (PGPException e) {
      throw new IOException("could not sign " + file + ": " + e.getMessage(), e);
    }
  }

  /** @return null when {@code signature} is this key's valid signature of {@code file}, else what is wrong */
  String verify(Path file, Path signature) throws IOException {
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(signature))) {
      Object read = new JcaPGPObjectFactory(in).nextObject();
      if (!(read instanceof PGPSignatureList) || ((PGPSignatureList) read).isEmpty()) {
        return "holds no OpenPGP signature";
      }
      PGPSignature found = ((PGPSignatureList) read).get(0);
      if (found.getKeyID() != publicKey.getKeyID()) {
        return String.format("is signed by key %016X, not by %s", found.getKeyID(), id());
      }
      found.init(new JcaPGPContentVerifierBuilderProvider().setProvider(BC), publicKey);
      found.update(Files.readAllBytes(file));
      return found.verify() ? null : "does not match the file (changed after signing?)";
    } catch (PGPException | IOException | RuntimeException e) {
      return "could not be read as a signature: " + e.getMessage();
    }
  }
}
