import { describe, expect, it } from 'vitest';
import { catalogues, translate } from './i18n';
import './app'; // loads every router, and so every router's messages

describe('message catalogue', () => {
  it('has every key in both Vietnamese and English', () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.vi).sort());
  });

  it('fills parameters and translates entity names', () => {
    expect(translate('vi', 'error.notFound', { entity: 'entity.Officer', id: 'CB1' })).toBe('Không tìm thấy công chức có mã "CB1".');
    expect(translate('en', 'error.notFound', { entity: 'entity.Officer', id: 'CB1' })).toBe('No officer with id "CB1".');
  });
});
