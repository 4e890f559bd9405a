/**
 * Electron's safeStorage as Berth's SecretBox: the key is the system's
 * (Keychain, DPAPI, libsecret/kwallet). On Linux with no keyring its
 * backend is `basic_text`, a key anyone can read: Berth refuses to call that
 * secure and keeps such logins only for the session.
 */
import { safeStorage } from 'electron';
import type { SecretBox } from './secret-file';

export const safeStorageBox: SecretBox = {
  where: 'the system keychain (Electron safeStorage)',
  problem() {
    if (!safeStorage.isEncryptionAvailable()) return 'The system offers no encryption for stored secrets';
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'The system keychain is not available (safeStorage would use a plain-text key)';
    }
    return null;
  },
  encrypt: (text) => safeStorage.encryptString(text),
  decrypt: (data) => safeStorage.decryptString(data),
};
