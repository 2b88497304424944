// WeChat template placeholders: which are required, and the text a person reads once filled in.
import t from 'tap';
import { missingKeyword, placeholders, renderTemplate, requiredKeywords } from './templates.js';

const APPROVAL = '{{first.DATA}}\n业务系统：{{keyword1.DATA}}\n所属业务：{{keyword2.DATA}}\n{{remark.DATA}}';

t.test('placeholders in order; first and remark are optional, every other one required', async (t) => {
  t.same(placeholders(APPROVAL), ['first', 'keyword1', 'keyword2', 'remark']);
  t.same(requiredKeywords(APPROVAL), ['keyword1', 'keyword2']);
  t.same(requiredKeywords('{{thing1.DATA}} {{time2.DATA}} {{thing1.DATA}}'), ['thing1', 'time2'], 'new-style names count, each once');
  t.same(placeholders('没有占位符'), []);
});

t.test('missingKeyword names the first required placeholder absent from data', async (t) => {
  t.equal(missingKeyword(APPROVAL, { keyword1: { value: 'OA' } }), 'keyword2');
  t.equal(missingKeyword(APPROVAL, { keyword2: { value: 'x' } }), 'keyword1');
  t.equal(missingKeyword(APPROVAL, { keyword1: { value: '' }, keyword2: { value: 'x' } }), undefined, 'present with an empty value counts');
  t.equal(missingKeyword(APPROVAL, { keyword1: { value: 'a' }, keyword2: { value: 'b' } }), undefined, 'first and remark may be left out');
});

t.test('renderTemplate fills every placeholder; absent optional ones become empty', async (t) => {
  const data = { first: { value: '您好' }, keyword1: { value: 'OA办公系统' }, keyword2: { value: '办公用品申领' }, remark: { value: '请及时处理' } };
  t.equal(renderTemplate(APPROVAL, data), '您好\n业务系统：OA办公系统\n所属业务：办公用品申领\n请及时处理');
  t.equal(renderTemplate(APPROVAL, { keyword1: { value: 'a' }, keyword2: { value: 'b' } }), '\n业务系统：a\n所属业务：b\n');
  t.equal(renderTemplate('{{keyword1.DATA}}', { keyword1: { value: '$& {{keyword1.DATA}}' } }), '$& {{keyword1.DATA}}', 'values are inserted literally, never re-expanded');
  t.equal(renderTemplate('{{keyword1.DATA}}/{{keyword1.DATA}}', { keyword1: { value: 'x' } }), 'x/x');
});
