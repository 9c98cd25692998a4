package exec

import "testing"

func TestSpath(t *testing.T) {
	raw := `{"eventName":"GetObject","a":{"b":1,"c":[1,2]},"r":{"findings":[{"sev":"HIGH"},{"sev":"LOW"}]}}`
	wantRows(t, splRun(t, `* | spath eventName | table eventName`, ev("_raw", raw)), "eventName=GetObject")
	wantRows(t, splRun(t, `* | spath | fields - _raw`, ev("_raw", raw)),
		"a.b=1 a.c{}=[1, 2] eventName=GetObject r.findings{}.sev=[HIGH, LOW]")
	wantRows(t, splRun(t, `* | spath path=r.findings{} output=findings | table findings`, ev("_raw", raw)),
		`findings=[{"sev":"HIGH"}, {"sev":"LOW"}]`)
	wantRows(t, splRun(t, `* | spath path=r.findings{2}.sev output=s | table s`, ev("_raw", raw)), "s=LOW")
	wantRows(t, splRun(t, `* | spath input=p output=act path=Action | table act`, ev("p", `{"Action":["kms:Decrypt","kms:*"]}`)), `act=["kms:Decrypt","kms:*"]`) // an array without {} stays JSON [VERIFY]
	wantRows(t, splRun(t, `* | spath input=p output=act path=Action{} | table act`, ev("p", `{"Action":["kms:Decrypt","kms:*"]}`)), "act=[kms:Decrypt, kms:*]")
	wantRows(t, splRun(t, `* | spath input=x | table a.b a.b{@x}`, ev("x", `<a><b x="1">t</b></a>`)), "a.b=t a.b{@x}=1")
	wantRows(t, splRun(t, `* | spath input=x | table y`, ev("x", `{not json`)), "y=null")
}

func TestXmlkvFromjson(t *testing.T) {
	wantRows(t, splRun(t, `* | xmlkv Message | table User Path`, ev("Message", `<Data><User>bob</User><Path a="1">C:\x</Path><User>eve</User></Data>`)),
		`User=bob Path=C:\x`)
	wantRows(t, splRun(t, `* | fromjson Data prefix=d_ | fields - Data`, ev("Data", `{"k":"v","n":2,"arr":["x","y"],"o":{"z":1}}`)),
		`d_arr=[x, y] d_k=v d_n=2 d_o={"z":1}`)
	wantRows(t, splRun(t, `* | fromjson Data | fields - Data`, ev("Data", `[1,2]`)), "")
}
