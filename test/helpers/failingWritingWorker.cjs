// A writing worker that fails as it starts (e.g. kuromoji's dictionary missing from a broken install).
throw new Error('writing worker: no dictionary');
